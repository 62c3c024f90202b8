import type { DB } from '@capecontrol/db';
import { CAPECONTROL_VERSION } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import { refreshAgentVersions } from './publish';
import { enginesAllow } from './validator';

const SETTING = 'marketplace_platform_version';

/**
 * After an upgrade of the platform, re-checks every version's `engines.capecontrol` against the
 * new version, so search's "compatible" filter and installs stay truthful. Cheap when nothing changed.
 */
export async function refreshCompatibility(db: Kysely<DB>): Promise<boolean> {
  const stored = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirst();
  if (stored?.value === CAPECONTROL_VERSION) return false;
  await db.transaction().execute(async (trx) => {
    const versions = await trx
      .selectFrom('agent_versions')
      .select(['id', 'agent_id', 'engines_range', 'compatible'])
      .execute();
    const changedAgents = new Set<string>();
    for (const version of versions) {
      const compatible = enginesAllow(version.engines_range, CAPECONTROL_VERSION);
      if (compatible === version.compatible) continue;
      await trx
        .updateTable('agent_versions')
        .set({ compatible })
        .where('id', '=', version.id)
        .execute();
      changedAgents.add(version.agent_id);
    }
    for (const agentId of changedAgents) await refreshAgentVersions(trx, agentId);
    await trx
      .insertInto('instance_settings')
      .values({ key: SETTING, value: CAPECONTROL_VERSION })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: CAPECONTROL_VERSION }))
      .execute();
  });
  return true;
}
