import type { DB } from '@capecontrol/db';
import {
  marketplaceCategories,
  validationReportSchema,
  type AgentDetail,
  type AgentManifest,
} from '@capecontrol/schema';
import { sql, type Kysely } from 'kysely';
import semver from 'semver';
import { AppError } from '../errors';
import { searchAgents, type AgentListing } from './search';
import { trendingScores, type TrendingWindow } from './trending';

/** One agent with its versions, readme, permissions, dependencies, report, ratings and installs. */
export async function getAgent(
  db: Kysely<DB>,
  viewer: { id: string; role: string } | null,
  name: string,
  version?: string,
): Promise<AgentDetail> {
  const agent = await db
    .selectFrom('agents')
    .innerJoin('publishers', 'publishers.scope', 'agents.publisher')
    .selectAll('agents')
    .select(['publishers.verified', 'publishers.owner_user_id'])
    .where('agents.name', '=', name)
    .executeTakeFirst();
  if (!agent) throw new AppError('NOT_FOUND', `There is no agent called "${name}".`);
  const versions = await db
    .selectFrom('agent_versions')
    .selectAll()
    .where('agent_id', '=', agent.id)
    .execute();
  versions.sort((a, b) => semver.rcompare(a.version, b.version));
  const shownVersion = version ?? agent.latest_version;
  const shown = versions.find((row) => row.version === shownVersion);
  if (!shown) throw new AppError('NOT_FOUND', `${name} has no version ${shownVersion}.`);
  const manifest = JSON.parse(shown.canonical_manifest) as AgentManifest;
  const [installation, advisories] = await Promise.all([
    viewer
      ? db
          .selectFrom('installations')
          .select('version')
          .where('user_id', '=', viewer.id)
          .where('agent_id', '=', agent.id)
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('advisories')
      .select(['id', 'range', 'severity', 'summary'])
      .where('agent_name', '=', name)
      .orderBy('created_at', 'desc')
      .execute(),
  ]);
  const listing = versions.find((row) => row.superseded_at === null) ?? shown;
  return {
    id: agent.id,
    name: agent.name,
    publisher: agent.publisher,
    displayName: manifest.displayName,
    description: manifest.description,
    category: manifest.category,
    tags: manifest.tags,
    latestVersion: agent.latest_version,
    latestCompatibleVersion: agent.latest_compatible_version,
    installs: agent.install_count,
    rating: {
      average:
        agent.rating_count > 0
          ? Math.round((agent.rating_sum / agent.rating_count) * 100) / 100
          : null,
      count: agent.rating_count,
    },
    verified: agent.verified,
    deprecated: shown.deprecated_message ?? agent.deprecated_message,
    performanceScore: shown.performance_score,
    createdAt: agent.created_at.toISOString(),
    updatedAt: listing.published_at.toISOString(),
    installed: installation
      ? {
          version: installation.version,
          updateAvailable:
            agent.latest_compatible_version !== null &&
            semver.gt(agent.latest_compatible_version, installation.version),
        }
      : null,
    license: manifest.license,
    readme: manifest.readme ?? '',
    kind: manifest.kind,
    version: shown.version,
    versions: versions.map((row) => ({
      version: row.version,
      publishedAt: row.published_at.toISOString(),
      yanked: row.yanked_at !== null,
      yankReason: row.yank_reason,
      deprecated: row.deprecated_message,
      compatible: row.compatible,
      enginesRange: row.engines_range,
      verdict: row.verdict as 'pass' | 'warnings',
      performanceScore: row.performance_score,
      digest: row.digest,
    })),
    permissions: manifest.permissions,
    dependencies: manifest.dependencies,
    config: manifest.config,
    validationReport: validationReportSchema.parse(shown.validation_report),
    advisories: advisories.map((row) => ({
      id: row.id,
      range: row.range,
      severity: row.severity as 'low',
      summary: row.summary,
    })),
    canManage: viewer !== null && (viewer.id === agent.owner_user_id || viewer.role === 'admin'),
  };
}

/** The ten categories with how many listed agents each has (every category, zero included). */
export async function categoryCounts(
  db: Kysely<DB>,
): Promise<Array<{ category: (typeof marketplaceCategories)[number]; count: number }>> {
  const rows = await db
    .selectFrom('agent_versions')
    .select(['category', (eb) => eb.fn.countAll<number>().as('count')])
    .where('superseded_at', 'is', null)
    .groupBy('category')
    .execute();
  const counts = new Map(rows.map((row) => [row.category, Number(row.count)]));
  return marketplaceCategories.map((category) => ({ category, count: counts.get(category) ?? 0 }));
}

/** The agents with the highest trending score (see trending.ts for the formula). */
export async function trending(
  db: Kysely<DB>,
  viewerId: string | null,
  window: TrendingWindow,
  limit: number,
): Promise<Array<AgentListing & { score: number }>> {
  const asOf = new Date();
  const { rows } = await sql<{ agent_id: string; score: number; name: string }>`
    select t.agent_id, t.score, a.name from (${trendingScores(asOf, window)}) t join agents a on a.id = t.agent_id
    where t.score > 0 order by t.score desc, a.name limit ${limit}
  `.execute(db);
  const scores = new Map(rows.map((row) => [row.agent_id, row.score]));
  const page = await searchAgents(
    db,
    {
      ids: [...scores.keys()],
      sort: 'installs',
      limit: Math.max(1, rows.length),
      compatible: false,
    },
    viewerId,
  );
  return page.items
    .map((item) => ({ ...item, score: Math.round((scores.get(item.id) ?? 0) * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
