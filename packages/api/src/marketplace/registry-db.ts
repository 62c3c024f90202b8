import type { DB } from '@capecontrol/db';
import type { Kysely } from 'kysely';
import { loadRegistryView, type RegistryVersion, type RegistryView } from './resolver';

/** Every version of the named agents, as the resolver and validator see them. */
export function fetchVersionsFrom(db: Kysely<DB>) {
  return async (names: string[]): Promise<Map<string, RegistryVersion[]>> => {
    const result = new Map<string, RegistryVersion[]>();
    if (names.length === 0) return result;
    const rows = await db
      .selectFrom('agent_versions')
      .innerJoin('agents', 'agents.id', 'agent_versions.agent_id')
      .select([
        'agents.name',
        'agent_versions.version',
        'agent_versions.dependencies',
        'agent_versions.engines_range',
        'agent_versions.yanked_at',
        'agent_versions.deprecated_message',
      ])
      .where('agents.name', 'in', names)
      .execute();
    for (const row of rows) {
      const list = result.get(row.name) ?? [];
      list.push({
        version: row.version,
        dependencies: row.dependencies as Record<string, string>,
        enginesRange: row.engines_range,
        yanked: row.yanked_at !== null,
        deprecated: row.deprecated_message,
      });
      result.set(row.name, list);
    }
    return result;
  };
}

/** The registry as far as `rootNames` and their transitive dependencies reach. */
export function loadRegistry(db: Kysely<DB>, rootNames: string[]): Promise<RegistryView> {
  return loadRegistryView(fetchVersionsFrom(db), rootNames);
}
