import type { Migration } from 'kysely/migration';
import * as m20261123_0001_auth from './2026_11_23_0001_auth';
import * as m20261124_0001_tasks_and_knowledge from './2026_11_24_0001_tasks_and_knowledge';
import * as m20261124_0002_marketplace from './2026_11_24_0002_marketplace';
import * as m20261124_0003_task_cancel_intents from './2026_11_24_0003_task_cancel_intents';
import * as m20261124_0004_audit_chain from './2026_11_24_0004_audit_chain';
import * as m20261124_0005_marketplace_search_indexes from './2026_11_24_0005_marketplace_search_indexes';
import * as m20261124_0006_task_operations_indexes from './2026_11_24_0006_task_operations_indexes';
import * as m20261124_0007_agent_listings from './2026_11_24_0007_agent_listings';
import * as m20261124_0008_listing_sort_keys from './2026_11_24_0008_listing_sort_keys';
import * as m20261124_0009_trending_scores from './2026_11_24_0009_trending_scores';

/**
 * Every migration, keyed by its timestamped name. A static list (not a folder scan) so the
 * server bundle carries its migrations. Add new files at the end; never rename or edit one
 * that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_auth': m20261123_0001_auth,
  '2026_11_24_0001_tasks_and_knowledge': m20261124_0001_tasks_and_knowledge,
  '2026_11_24_0002_marketplace': m20261124_0002_marketplace,
  '2026_11_24_0003_task_cancel_intents': m20261124_0003_task_cancel_intents,
  '2026_11_24_0004_audit_chain': m20261124_0004_audit_chain,
  '2026_11_24_0005_marketplace_search_indexes': m20261124_0005_marketplace_search_indexes,
  '2026_11_24_0006_task_operations_indexes': m20261124_0006_task_operations_indexes,
  '2026_11_24_0007_agent_listings': m20261124_0007_agent_listings,
  '2026_11_24_0008_listing_sort_keys': m20261124_0008_listing_sort_keys,
  '2026_11_24_0009_trending_scores': m20261124_0009_trending_scores,
};
