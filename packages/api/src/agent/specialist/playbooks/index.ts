import type { Domain } from '@capecontrol/schema';
import { focusAreaOf } from '../domains';
import { dashboardTuning, semanticGovernance } from './data-analytics';
import { apiOnboarding, webhookHygiene } from './integration-helper';
import { controlValidation, evidenceOrchestration } from './security-audit';
import type { Playbook } from './types';
import { rollbackPlanning, triggerValidation } from './workflow-automation';

export type { Playbook, PlaybookStepSpec, ResourceLink, Risk } from './types';

/** Every domain × focus area has exactly one playbook (a test checks the catalogue matches). */
export const playbooks: Record<Domain, Playbook[]> = {
  workflow_automation: [triggerValidation, rollbackPlanning],
  data_analytics: [semanticGovernance, dashboardTuning],
  security_audit: [controlValidation, evidenceOrchestration],
  integration_helper: [apiOnboarding, webhookHygiene],
};

/** The playbook for a domain's focus area (the domain's default one when the id is unknown). */
export function playbookFor(domain: Domain, focusArea: string): Playbook {
  const id = focusAreaOf(domain, focusArea).id;
  const playbook = playbooks[domain].find((candidate) => candidate.focusArea === id);
  if (!playbook) throw new Error(`No playbook for ${domain}/${id}`);
  return playbook;
}
