import type { DB } from '@capecontrol/db';
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit } from '../../audit/audit';
import { refreshAgentVersions } from '../publish';
import type { SigningKeys } from '../signing';
import { catalogue, catalogueVersion, publishOrder } from './catalogue';
import { publishMany } from './publish-many';
import type { CataloguePublisher } from './types';

/** `instance_settings` key holding the content hash of the catalogue last loaded. */
export const CATALOGUE_SETTING = 'marketplace_catalogue_version';
/** What publisher system accounts have instead of a password hash: no password ever matches. */
export const DISABLED_PASSWORD = '!disabled';
const LOCK_NAME = 'capecontrol:marketplace-catalogue';

export interface SeedCatalogueResult {
  /**
   * `current`: already loaded, nothing done. `failed`: nothing was written (the error is logged;
   * the next start tries again): a broken seed must not keep the platform from starting.
   */
  status: 'current' | 'seeded' | 'failed';
  error?: string;
  catalogueVersion: string;
  /** `name@version` of every version published by this run. */
  published: string[];
  /** Versions that failed validation (a catalogue bug, or a dependency whose scope was skipped). */
  blocked: Array<{ version: string; reasons: string[] }>;
  /** Scopes someone else already owns: their agents were left out. */
  skippedScopes: string[];
  /** Deprecations and yanks applied by this run. */
  lifecycle: string[];
  durationMs: number;
}

export interface SeedCatalogueOptions {
  /** The catalogue to load; the shipped one by default. */
  publishers?: readonly CataloguePublisher[];
  logger?: {
    info(object: object, message: string): void;
    warn(object: object, message: string): void;
    error(object: object, message: string): void;
  };
}

/** Email of a catalogue publisher's system account; `.invalid` never receives mail. */
export function publisherEmail(scope: string): string {
  return `publisher+${scope}@capecontrol.invalid`;
}

/**
 * Loads the seed catalogue; safe and cheap at every start. One indexed read when the stored
 * marker matches the catalogue's content hash. Otherwise, in one transaction under an advisory
 * lock (a second process starting at the same moment waits, then finds the marker), it creates
 * the publishers' system accounts (no usable password), claims their scopes, publishes every
 * missing version through the validation pipeline (dependencies first), applies the catalogue's
 * deprecations and yanks where they are missing, and stores the marker. Versions already
 * published are never touched, so a newer catalogue only adds what is new.
 */
export async function seedCatalogue(
  db: Kysely<DB>,
  signing: SigningKeys,
  options: SeedCatalogueOptions = {},
): Promise<SeedCatalogueResult> {
  const started = performance.now();
  const publishers = options.publishers ?? catalogue;
  const version = catalogueVersion(publishers);
  const result: SeedCatalogueResult = {
    status: 'current',
    catalogueVersion: version,
    published: [],
    blocked: [],
    skippedScopes: [],
    lifecycle: [],
    durationMs: 0,
  };
  try {
    if ((await storedVersion(db)) !== version) await seedLocked(db, signing, publishers, result);
  } catch (error) {
    Object.assign(result, { status: 'failed', published: [], lifecycle: [], blocked: [] });
    result.error = error instanceof Error ? error.message : String(error);
    options.logger?.error({ err: error }, 'marketplace catalogue: loading failed');
  }
  result.durationMs = Math.round(performance.now() - started);
  if (result.status === 'seeded') {
    if (result.blocked.length > 0 || result.skippedScopes.length > 0) {
      options.logger?.warn(
        { blocked: result.blocked, skippedScopes: result.skippedScopes },
        'marketplace catalogue: some entries were not loaded',
      );
    }
    options.logger?.info(
      {
        catalogueVersion: version,
        published: result.published.length,
        durationMs: result.durationMs,
      },
      'marketplace catalogue loaded',
    );
  }
  return result;
}

/** Everything in one transaction under an advisory lock: all of it lands, or none of it. */
async function seedLocked(
  db: Kysely<DB>,
  signing: SigningKeys,
  publishers: readonly CataloguePublisher[],
  result: SeedCatalogueResult,
): Promise<void> {
  const version = result.catalogueVersion;
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${LOCK_NAME}))`.execute(trx);
    if ((await storedVersion(trx)) === version) return;
    result.status = 'seeded';
    await load(trx, signing, publishers, result);
    await trx
      .insertInto('instance_settings')
      .values({ key: CATALOGUE_SETTING, value: version })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: version }))
      .execute();
    await recordAudit(trx, {
      action: 'marketplace.catalogue.seed',
      outcome: result.blocked.length === 0 ? 'success' : 'failure',
      actor: { type: 'system' },
      metadata: {
        catalogueVersion: version,
        published: result.published.length,
        lifecycle: result.lifecycle,
        blocked: result.blocked.map((entry) => entry.version),
        skippedScopes: result.skippedScopes,
      },
    });
  });
}

async function storedVersion(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', CATALOGUE_SETTING)
    .executeTakeFirst();
  return row?.value;
}

async function load(
  trx: Transaction<DB>,
  signing: SigningKeys,
  publishers: readonly CataloguePublisher[],
  result: SeedCatalogueResult,
): Promise<void> {
  const owners = await claimScopes(trx, publishers);
  for (const { scope } of publishers) if (!owners.has(scope)) result.skippedScopes.push(scope);
  const names = publishers.flatMap((publisher) => publisher.agents.map((agent) => agent.name));
  const stored = await catalogueState(trx, names);
  const pending = publishOrder(publishers).flatMap(({ publisher, version }) => {
    const publisherId = owners.get(publisher.scope);
    const id = `${version.manifest.name}@${version.manifest.version}`;
    return publisherId && !stored.has(id) ? [{ manifest: version.manifest, publisherId }] : [];
  });
  const outcomes = await publishMany(trx, signing, pending);
  outcomes.forEach((outcome, index) => {
    const { manifest } = pending[index] as (typeof pending)[number];
    const id = `${manifest.name}@${manifest.version}`;
    if (outcome.status === 'published') {
      result.published.push(id);
      return;
    }
    const reasons = [
      ...outcome.report.schemaErrors.map((error) => `${error.path}: ${error.message}`),
      ...outcome.report.findings
        .filter((finding) => finding.severity === 'critical')
        .map((finding) => `${finding.id}: ${finding.message}`),
    ];
    result.blocked.push({ version: id, reasons });
  });

  // Lifecycle state is applied where it is missing, so a newer catalogue can deprecate or yank
  // a version an older one published.
  const now = await catalogueState(trx, names);
  for (const publisher of publishers) {
    const owner = owners.get(publisher.scope);
    if (!owner) continue;
    for (const agent of publisher.agents) {
      const rows = agent.versions.flatMap(({ manifest, deprecated, yanked }) => {
        const row = now.get(`${agent.name}@${manifest.version}`);
        return row ? [{ row, deprecated, yanked }] : [];
      });
      for (const { row, deprecated, yanked } of rows) {
        if (deprecated && row.deprecated_message === null) {
          await setLifecycle(trx, owner, row, { deprecated });
          result.lifecycle.push(`deprecated ${row.name}@${row.version}`);
        }
        if (yanked && row.yanked_at === null) {
          await setLifecycle(trx, owner, row, { yanked });
          result.lifecycle.push(`yanked ${row.name}@${row.version}`);
        }
      }
      const first = rows[0]?.row;
      if (agent.deprecated && first && first.agent_deprecated === null) {
        await setLifecycle(trx, owner, first, { agentDeprecated: agent.deprecated });
        result.lifecycle.push(`deprecated ${agent.name}`);
      }
    }
  }
}

/**
 * What `deprecate` and `yank` in ../lifecycle.ts do, inside the seeding transaction (they open
 * their own): the same updates, derived fields and audit events.
 */
async function setLifecycle(
  trx: Transaction<DB>,
  owner: string,
  row: { agent_id: string; name: string; version: string },
  change: { deprecated?: string; yanked?: string; agentDeprecated?: string },
): Promise<void> {
  const actor = { type: 'user', userId: owner } as const;
  const target = { type: 'agent', id: row.name };
  if (change.deprecated) {
    await trx
      .updateTable('agent_versions')
      .set({ deprecated_message: change.deprecated })
      .where('agent_id', '=', row.agent_id)
      .where('version', '=', row.version)
      .execute();
    await recordAudit(trx, {
      action: 'marketplace.deprecate',
      outcome: 'success',
      actor,
      target,
      metadata: { version: row.version, message: change.deprecated },
    });
  }
  if (change.agentDeprecated) {
    await trx
      .updateTable('agent_versions')
      .set({ deprecated_message: change.agentDeprecated })
      .where('agent_id', '=', row.agent_id)
      .execute();
    await trx
      .updateTable('agents')
      .set({ deprecated_message: change.agentDeprecated })
      .where('id', '=', row.agent_id)
      .execute();
    await recordAudit(trx, {
      action: 'marketplace.deprecate',
      outcome: 'success',
      actor,
      target,
      metadata: { version: '*', message: change.agentDeprecated },
    });
  }
  if (change.yanked) {
    await trx
      .updateTable('agent_versions')
      .set({ yanked_at: new Date(), yank_reason: change.yanked })
      .where('agent_id', '=', row.agent_id)
      .where('version', '=', row.version)
      .execute();
    await refreshAgentVersions(trx, row.agent_id);
    await recordAudit(trx, {
      action: 'marketplace.yank',
      outcome: 'success',
      actor,
      target,
      metadata: { version: row.version, reason: change.yanked },
    });
  }
}

/** The stored versions of the named agents with their lifecycle state, by `name@version`. */
async function catalogueState(db: Kysely<DB>, names: string[]) {
  const rows = await db
    .selectFrom('agent_versions')
    .innerJoin('agents', 'agents.id', 'agent_versions.agent_id')
    .select([
      'agents.name',
      'agent_versions.agent_id',
      'agents.deprecated_message as agent_deprecated',
      'agent_versions.version',
      'agent_versions.deprecated_message',
      'agent_versions.yanked_at',
    ])
    .where('agents.name', 'in', names)
    .execute();
  return new Map(rows.map((row) => [`${row.name}@${row.version}`, row]));
}

/**
 * The ids of the publishers' system accounts (created if missing) by the scope each owns. A
 * scope is left out when it, or its account's email, already belongs to someone else.
 */
async function claimScopes(
  trx: Transaction<DB>,
  publishers: readonly CataloguePublisher[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (publishers.length === 0) return owners;
  const emails = publishers.map((publisher) => publisherEmail(publisher.scope));
  await trx
    .insertInto('users')
    .values(
      publishers.map((publisher) => ({
        email: publisherEmail(publisher.scope),
        display_name: publisher.displayName,
        password_hash: DISABLED_PASSWORD,
        role: 'publisher',
      })),
    )
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const accounts = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', emails)
    // Someone who registered such an address themselves does not own a system account.
    .where('password_hash', '=', DISABLED_PASSWORD)
    .execute();
  const accountOf = new Map(accounts.map((account) => [account.email, account.id]));
  const claimable = publishers.flatMap((publisher) => {
    const owner = accountOf.get(publisherEmail(publisher.scope));
    return owner ? [{ publisher, owner }] : [];
  });
  if (claimable.length === 0) return owners;
  await trx
    .insertInto('publishers')
    .values(
      claimable.map(({ publisher, owner }) => ({
        scope: publisher.scope,
        owner_user_id: owner,
        verified: publisher.verified,
      })),
    )
    .onConflict((oc) => oc.column('scope').doNothing())
    .execute();
  const scopes = await trx
    .selectFrom('publishers')
    .select(['scope', 'owner_user_id', 'verified'])
    .where(
      'scope',
      'in',
      claimable.map(({ publisher }) => publisher.scope),
    )
    .execute();
  for (const { publisher, owner } of claimable) {
    const scope = scopes.find((row) => row.scope === publisher.scope);
    if (scope?.owner_user_id === owner) owners.set(publisher.scope, owner);
  }
  const verify = publishers
    .filter((publisher) => publisher.verified && owners.has(publisher.scope))
    .filter((publisher) => !scopes.find((row) => row.scope === publisher.scope)?.verified)
    .map((publisher) => publisher.scope);
  if (verify.length > 0) {
    await trx
      .updateTable('publishers')
      .set({ verified: true })
      .where('scope', 'in', verify)
      .execute();
  }
  return owners;
}
