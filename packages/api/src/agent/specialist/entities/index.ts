import type { Domain } from '@capecontrol/schema';
import { compileTerm, countPhrase } from '../text';
import { dataEntities, securityEntities } from './data-security';
import { integrationEntities, vendorEntities, workflowEntities } from './integration-workflow';
import type { EntitySpec } from './types';

export type { EntitySpec } from './types';

/** In priority order: named tools and standards before mechanisms. */
export const entities: EntitySpec[] = [
  ...vendorEntities,
  ...dataEntities,
  ...securityEntities,
  ...integrationEntities,
  ...workflowEntities,
];

const compiled = entities.map((entity) => ({
  entity,
  terms: entity.match
    .split(',')
    .map((term) => compileTerm(term.trim(), 1, null))
    .filter((term) => term.tokens.length > 0),
}));

/**
 * Entities the tokens mention that apply to `domain`, in priority order, except that entities
 * tied to another focus area go last: in a rollback question, "approval" facts should not open
 * the answer ahead of rollback ones.
 */
export function findEntities(
  tokens: readonly string[],
  domain: Domain,
  focusArea: string,
): EntitySpec[] {
  const elsewhere = (entity: EntitySpec) =>
    entity.focusAreas && !entity.focusAreas.includes(focusArea) ? 1 : 0;
  return compiled
    .filter(({ entity }) => !entity.domains || entity.domains.includes(domain))
    .filter(({ terms }) => terms.some((term) => countPhrase(tokens, term.tokens) > 0))
    .map(({ entity }) => entity)
    .sort((a, b) => elsewhere(a) - elsewhere(b));
}
