import type { DB } from '@capecontrol/db';
import type { Installation, AgentManifest } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import semver from 'semver';

/** The caller's installed agents with update, deprecation, yank and advisory flags. Secrets never leave. */
export async function listInstallations(db: Kysely<DB>, userId: string): Promise<Installation[]> {
  const rows = await db
    .selectFrom('installations')
    .innerJoin('agents', 'agents.id', 'installations.agent_id')
    .innerJoin('agent_versions', (join) =>
      join
        .onRef('agent_versions.agent_id', '=', 'agents.id')
        .onRef('agent_versions.version', '=', 'installations.version'),
    )
    .select([
      'agents.name',
      'agents.latest_compatible_version',
      'installations.version',
      'installations.requested',
      'installations.pinned',
      'installations.config',
      'installations.secrets',
      'installations.granted_permissions',
      'installations.installed_at',
      'installations.updated_at',
      'agent_versions.canonical_manifest',
      'agent_versions.deprecated_message',
      'agent_versions.yanked_at',
    ])
    .where('installations.user_id', '=', userId)
    .orderBy('agents.name')
    .execute();
  const advisories = rows.length
    ? await db
        .selectFrom('advisories')
        .select(['agent_name', 'range', 'severity', 'summary'])
        .where(
          'agent_name',
          'in',
          rows.map((row) => row.name),
        )
        .execute()
    : [];
  return rows.map((row) => {
    const manifest = JSON.parse(row.canonical_manifest) as AgentManifest;
    return {
      name: row.name,
      displayName: manifest.displayName,
      version: row.version,
      latestCompatibleVersion: row.latest_compatible_version,
      updateAvailable:
        row.latest_compatible_version !== null &&
        semver.gt(row.latest_compatible_version, row.version),
      requested: row.requested,
      pinned: row.pinned,
      config: row.config as Record<string, string | number | boolean>,
      // Which secret settings are filled in, from the manifest (the sealed values are not opened).
      secretsSet: row.secrets
        ? manifest.config.filter((field) => field.secret).map((field) => field.key)
        : [],
      permissions: row.granted_permissions as unknown as Installation['permissions'],
      dependencies: manifest.dependencies,
      deprecated: row.deprecated_message,
      yanked: row.yanked_at !== null,
      advisories: advisories
        .filter(
          (advisory) =>
            advisory.agent_name === row.name &&
            semver.satisfies(row.version, advisory.range, { includePrerelease: true }),
        )
        .map((advisory) => ({ severity: advisory.severity, summary: advisory.summary })),
      installedAt: row.installed_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}
