import type { DB } from '@capecontrol/db';
import {
  CAPECONTROL_VERSION,
  type AgentManifest,
  type ValidationReport,
} from '@capecontrol/schema';
import { sql, type Kysely, type Transaction } from 'kysely';
import semver from 'semver';
import { recordAudit, type RequestOrigin } from '../audit/audit';
import { AppError } from '../errors';
import { loadRegistry } from './registry-db';
import { signManifest, type SigningKeys } from './signing';
import {
  canonicalManifest,
  enginesAllow,
  manifestDigest,
  validateManifest,
  type ValidationContext,
} from './validator';

export interface PublishActor {
  userId: string;
  role: 'user' | 'publisher' | 'admin';
  apiKeyId: string | null;
  origin: RequestOrigin | null;
}

export type PublishResult =
  | { status: 'published'; name: string; version: string; digest: string; report: ValidationReport }
  | { status: 'blocked'; report: ValidationReport };

const POPULAR_NAMES_LIMIT = 200;

/** The validation context for a manifest: registry around its dependencies, popular names, advisories, observed runs. */
async function validationContext(db: Kysely<DB>, raw: unknown): Promise<ValidationContext> {
  const dependencies = dependencyNames(raw);
  const name =
    typeof raw === 'object' && raw !== null && 'name' in raw && typeof raw.name === 'string'
      ? raw.name
      : null;
  const [registry, popular, advisories, observed] = await Promise.all([
    loadRegistry(db, dependencies),
    db
      .selectFrom('agents')
      .select('name')
      .orderBy('install_count', 'desc')
      .orderBy('name')
      .limit(POPULAR_NAMES_LIMIT)
      .execute(),
    db
      .selectFrom('advisories')
      .select(['id', 'agent_name', 'range', 'severity', 'summary'])
      .execute(),
    name ? observedRuns(db, name) : Promise.resolve(undefined),
  ]);
  return {
    platformVersion: CAPECONTROL_VERSION,
    registry: { versions: (agentName) => [...registry.versions(agentName)] },
    popularNames: popular.map((row) => row.name),
    advisories: advisories.map((row) => ({
      id: row.id,
      name: row.agent_name,
      range: row.range,
      severity: row.severity as 'low',
      summary: row.summary,
    })),
    ...(observed ? { observed } : {}),
  };
}

function dependencyNames(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || !('dependencies' in raw)) return [];
  const dependencies = raw.dependencies;
  if (typeof dependencies !== 'object' || dependencies === null) return [];
  return Object.keys(dependencies)
    .filter((name) => /^[a-z0-9-]+\/[a-z0-9-]+$/.test(name))
    .slice(0, 50);
}

/** Success rate, latency and tokens of the agent's real runs, for the performance score. */
async function observedRuns(db: Kysely<DB>, name: string): Promise<ValidationContext['observed']> {
  const { rows } = await sql<{
    runs: number;
    succeeded: number;
    p50: number | null;
    tokens: number | null;
  }>`
    select count(*)::int as runs,
      count(*) filter (where status = 'succeeded')::int as succeeded,
      percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at) * 1000) as p50,
      avg(prompt_tokens + completion_tokens)::float8 as tokens
    from tasks where agent = ${name} and status in ('succeeded', 'failed', 'timed_out')
  `.execute(db);
  const row = rows[0];
  if (!row || row.runs === 0) return undefined;
  return {
    runs: row.runs,
    successRate: row.succeeded / row.runs,
    p50LatencyMs: row.p50 ?? 0,
    avgTotalTokens: row.tokens ?? 0,
  };
}

/** The report a publish would produce, without publishing (the publish page's live check). */
export async function validateForPublish(db: Kysely<DB>, raw: unknown): Promise<ValidationReport> {
  return validateManifest(raw, await validationContext(db, raw));
}

/**
 * Publishes a version through the validation pipeline. The first publisher of a scope owns it;
 * versions are immutable and a number is never reused, even after a yank. Critical findings
 * block, with the report; otherwise the canonical manifest is stored with its sha256 and the
 * platform's Ed25519 signature, which installs verify.
 */
export async function publishVersion(
  db: Kysely<DB>,
  keys: SigningKeys,
  actor: PublishActor,
  raw: unknown,
): Promise<PublishResult> {
  // The role as it is now (the request's principal may predate a "become a publisher").
  const current = await db
    .selectFrom('users')
    .select('role')
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  const role = current?.role ?? actor.role;
  if (role === 'user') {
    throw new AppError(
      'FORBIDDEN',
      'Publishing needs a publisher account; become a publisher in your account settings first.',
    );
  }
  const report = await validateForPublish(db, raw);
  if (report.verdict === 'blocked' || !report.manifest) {
    await recordAudit(db, {
      action: 'marketplace.publish',
      outcome: 'denied',
      actor: actorOf(actor),
      origin: actor.origin,
      target:
        typeof raw === 'object' && raw !== null && 'name' in raw && typeof raw.name === 'string'
          ? { type: 'agent', id: raw.name.slice(0, 100) }
          : undefined,
      metadata: {
        reason: 'validation',
        findings: report.findings.filter((f) => f.severity === 'critical').map((f) => f.id),
      },
    });
    return { status: 'blocked', report };
  }
  const manifest = report.manifest;
  const canonical = canonicalManifest(manifest);
  const digest = manifestDigest(manifest);
  const signature = signManifest(keys, canonical);
  const [scope] = manifest.name.split('/') as [string, string];

  await db.transaction().execute(async (trx) => {
    const publisher = await trx
      .selectFrom('publishers')
      .select(['owner_user_id'])
      .where('scope', '=', scope)
      .forUpdate()
      .executeTakeFirst();
    if (publisher && publisher.owner_user_id !== actor.userId && role !== 'admin') {
      throw new AppError('FORBIDDEN', `The "${scope}" scope belongs to another publisher.`);
    }
    if (!publisher)
      await trx.insertInto('publishers').values({ scope, owner_user_id: actor.userId }).execute();

    const agent =
      (await trx
        .selectFrom('agents')
        .select(['id'])
        .where('name', '=', manifest.name)
        .forUpdate()
        .executeTakeFirst()) ??
      (await trx
        .insertInto('agents')
        .values({ name: manifest.name, publisher: scope, latest_version: manifest.version })
        .returning('id')
        .executeTakeFirstOrThrow());
    const exists = await trx
      .selectFrom('agent_versions')
      .select('id')
      .where('agent_id', '=', agent.id)
      .where('version', '=', manifest.version)
      .executeTakeFirst();
    if (exists)
      throw new AppError(
        'CONFLICT',
        `${manifest.name}@${manifest.version} is already published; versions are immutable. Publish a new version number.`,
      );

    const parsed = semver.parse(manifest.version);
    if (!parsed) throw new AppError('BAD_REQUEST', 'Invalid version.');
    await trx
      .insertInto('agent_versions')
      .values({
        agent_id: agent.id,
        version: manifest.version,
        major: parsed.major,
        minor: parsed.minor,
        patch: parsed.patch,
        prerelease: parsed.prerelease.length > 0 ? parsed.prerelease.join('.') : null,
        kind: manifest.kind,
        name: manifest.name,
        display_name: manifest.displayName,
        description: manifest.description,
        category: manifest.category,
        tags: manifest.tags,
        tags_text: manifest.tags.join(' '),
        readme: manifest.readme ?? '',
        engines_range: manifest.engines.capecontrol,
        compatible: enginesAllow(manifest.engines.capecontrol, CAPECONTROL_VERSION),
        dependencies: JSON.stringify(manifest.dependencies),
        permissions: JSON.stringify(manifest.permissions),
        canonical_manifest: canonical,
        digest,
        signature,
        validation_report: JSON.stringify({ ...report, manifest: null }),
        verdict: report.verdict,
        performance_score: report.performance.score,
        published_by: actor.userId,
      })
      .execute();
    await refreshAgentVersions(trx, agent.id);
    await recordAudit(trx, {
      action: 'marketplace.publish',
      outcome: 'success',
      actor: actorOf(actor),
      origin: actor.origin,
      target: { type: 'agent', id: manifest.name },
      metadata: { version: manifest.version, digest, verdict: report.verdict },
    });
  });
  return { status: 'published', name: manifest.name, version: manifest.version, digest, report };
}

/**
 * Recomputes an agent's derived fields: the listing version (highest published; the previous
 * one is marked superseded now, which search snapshots rely on), the newest installable version
 * and the newest installable version this platform can run.
 */
export async function refreshAgentVersions(
  trx: Transaction<DB> | Kysely<DB>,
  agentId: string,
): Promise<void> {
  const versions = await trx
    .selectFrom('agent_versions')
    .select(['id', 'version', 'yanked_at', 'compatible', 'superseded_at', 'performance_score'])
    .where('agent_id', '=', agentId)
    .execute();
  const sorted = [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
  const listing = sorted[0];
  if (!listing) return;
  const usable = sorted.filter(
    (version) => !version.yanked_at && !semver.prerelease(version.version),
  );
  const installable = usable[0] ?? sorted.find((version) => !version.yanked_at) ?? listing;
  const compatible =
    usable.find((version) => version.compatible) ??
    sorted.find((version) => !version.yanked_at && version.compatible);
  const stale = versions
    .filter((version) => version.id !== listing.id && version.superseded_at === null)
    .map((version) => version.id);
  if (stale.length > 0) {
    await trx
      .updateTable('agent_versions')
      .set({ superseded_at: sql`now()` })
      .where('id', 'in', stale)
      .execute();
  }
  await trx
    .updateTable('agents')
    .set({
      latest_version: installable.version,
      latest_compatible_version: compatible?.version ?? null,
      performance_score: listing.performance_score,
      updated_at: sql`now()`,
    })
    .where('id', '=', agentId)
    .execute();
}

function actorOf(actor: PublishActor) {
  return actor.apiKeyId
    ? ({ type: 'api_key', userId: actor.userId, apiKeyId: actor.apiKeyId } as const)
    : ({ type: 'user', userId: actor.userId } as const);
}

export type { AgentManifest };
