import type { Domain } from '@capecontrol/schema';

export interface FocusAreaInfo {
  /** Stable id, used as the plan's `focusArea` and in the lexicon. */
  id: string;
  title: string;
  description: string;
}

export interface DomainInfo {
  domain: Domain;
  title: string;
  description: string;
  /** The first one is the default when a question gives no hint. */
  focusAreas: FocusAreaInfo[];
}

/** The Specialist's domains, in the order `domains` (packages/schema) lists them. */
export const domainCatalogue: Record<Domain, DomainInfo> = {
  workflow_automation: {
    domain: 'workflow_automation',
    title: 'Workflow automation',
    description:
      'Designing, testing and operating automated multi-step flows: what starts them, what they change, and how to undo a run that went wrong.',
    focusAreas: [
      {
        id: 'trigger-validation',
        title: 'Trigger validation',
        description:
          'Making sure a flow starts exactly when it should: event and schedule triggers, filter conditions, duplicate and self-triggered runs, time zones, dry runs before go-live.',
      },
      {
        id: 'rollback-planning',
        title: 'Rollback planning',
        description:
          'Planning how to undo or compensate a run that failed halfway or did the wrong thing: reversible steps, compensating actions, checkpoints, kill switches and release rollbacks.',
      },
    ],
  },
  data_analytics: {
    domain: 'data_analytics',
    title: 'Data analytics',
    description:
      'Metrics people can trust and dashboards that load fast: shared definitions, lineage and ownership, and the query and modelling work behind reports.',
    focusAreas: [
      {
        id: 'semantic-governance',
        title: 'Semantic governance',
        description:
          'One agreed, versioned definition per metric with an owner and lineage, so teams stop reporting different numbers for the same question.',
      },
      {
        id: 'dashboard-tuning',
        title: 'Dashboard tuning',
        description:
          'Making dashboards fast, cheap and fresh enough: profiling slow tiles, pre-aggregation, caching and refresh cadence, filter design and query cost.',
      },
    ],
  },
  security_audit: {
    domain: 'security_audit',
    title: 'Security audit',
    description:
      'Preparing for and passing security audits (SOC 2, ISO 27001, HIPAA, GDPR): controls that actually work and the evidence that proves it.',
    focusAreas: [
      {
        id: 'control-validation',
        title: 'Control validation',
        description:
          'Testing that each control operates as designed (access reviews, MFA, encryption, change management, offboarding) and finding the exceptions before an auditor does.',
      },
      {
        id: 'evidence-orchestration',
        title: 'Evidence orchestration',
        description:
          'Collecting complete, timestamped, reproducible evidence for every control across the audit period, automatically where possible, and tracking requests to closure.',
      },
    ],
  },
  integration_helper: {
    domain: 'integration_helper',
    title: 'Integration helper',
    description:
      'Connecting systems through APIs and webhooks reliably: onboarding to an API, authentication, rate limits, pagination, versioning and event delivery.',
    focusAreas: [
      {
        id: 'api-onboarding',
        title: 'API onboarding',
        description:
          'Getting from zero to a reliable first integration: credentials and OAuth, sandboxes, SDKs and docs, rate limits, pagination, error handling and versioning.',
      },
      {
        id: 'webhook-hygiene',
        title: 'Webhook hygiene',
        description:
          'Receiving webhooks safely: signature verification, fast acknowledgement, idempotent processing of retries and duplicates, ordering, replay and dead letters.',
      },
    ],
  },
};

/** The focus area with this id in `domain`, or the domain's default one. */
export function focusAreaOf(domain: Domain, id: string | null | undefined): FocusAreaInfo {
  const areas = domainCatalogue[domain].focusAreas;
  const found = areas.find((area) => area.id === id);
  if (found) return found;
  const fallback = areas[0];
  if (!fallback) throw new Error(`Domain ${domain} has no focus areas`);
  return fallback;
}
