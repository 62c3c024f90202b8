import type { EntitySpec } from './types';

/** Tools and standards first: naming one is the strongest hint of what the answer should cover. */
export const dataEntities: EntitySpec[] = [
  {
    id: 'dbt',
    match: 'dbt, metricflow',
    insight:
      'In dbt, define governed metrics once with MetricFlow (semantic models and metrics), test the models beneath them (unique, not_null, relationships), and declare exposures so you know which dashboards depend on each model.',
  },
  {
    id: 'looker',
    match: 'looker, lookml',
    insight:
      'In Looker, aggregate awareness with persistent derived tables lets Explores hit pre-aggregated tables automatically, and datagroups tie cache invalidation to your loads finishing.',
  },
  {
    id: 'tableau',
    match: 'tableau',
    insight:
      'In Tableau, use extracts (with incremental refresh) for large sources, avoid "only relevant values" on many filters (each one runs its own query), and find the slow query with the Performance Recorder.',
  },
  {
    id: 'bigquery',
    match: 'bigquery',
    answer:
      'In BigQuery on-demand pricing you pay for bytes scanned, so more charts over raw tables means proportionally more cost: partition by date, cluster on the filter columns, point charts at summary tables and cap maximum bytes billed for the BI service account.',
    insight:
      'BigQuery BI Engine and materialized views serve repeated dashboard queries from memory or precomputed results; check INFORMATION_SCHEMA.JOBS for the queries that scan the most bytes.',
  },
  {
    id: 'snowflake',
    match: 'snowflake',
    insight:
      'In Snowflake, the result cache serves identical queries for 24 hours while the data is unchanged; give dashboards their own warehouse with auto-suspend so they neither queue behind ETL nor keep compute running.',
  },
  {
    id: 'metabase',
    match: 'metabase',
    insight:
      'When Metabase and the warehouse console disagree, compare the SQL Metabase generates with yours: time-zone settings, implicit filters and how nulls are counted are the usual differences.',
  },
  {
    id: 'revenue',
    focusAreas: ['semantic-governance'],
    domains: ['data_analytics'],
    match: 'revenue, mrr, arr, bookings',
    answer:
      'Revenue numbers diverge when teams pick different answers to the same three questions: bookings, billings or recognised revenue; gross or net of refunds and discounts; and which time zone and exchange-rate date close the period. Settle those explicitly and the numbers converge.',
    insight:
      'Give finance ownership of the revenue definition and let sales views derive from it, labelled with any deliberate differences (for example pipeline vs closed-won).',
  },
  {
    id: 'active-user',
    focusAreas: ['semantic-governance'],
    domains: ['data_analytics'],
    match: 'active user, dau, mau, wau',
    answer:
      'Define "active" by a qualifying action that reflects value (not a login) and a window (for example the trailing 28 days), write both into the metric spec, and let product and marketing use the same governed metric with their own segments on top.',
    insight:
      'Publish the active-user metric with its exclusions (internal users, test accounts, bots) spelled out; those exclusions are where competing numbers usually hide.',
  },
  {
    id: 'cohort-funnel',
    focusAreas: ['semantic-governance'],
    domains: ['data_analytics'],
    match: 'cohort, funnel, retention, conversion',
    answer:
      'When a funnel disagrees with the raw data, rebuild the disputed step by hand: take a few users the chart says dropped there and read their raw events. The difference is almost always the conversion window, the step order the tool enforces, or how anonymous and logged-in sessions are stitched together.',
    insight:
      'Cohort and funnel numbers depend on the anchor event, the window and how users are stitched across devices; publish one canonical model with those parameters explicit.',
  },
  {
    id: 'kpi-choice',
    domains: ['data_analytics'],
    focusAreas: ['dashboard-tuning'],
    match: 'kpi, key metrics, north star',
    answer:
      'Choose KPIs from the decisions the dashboard must support: five to eight at most, each with a written definition, a target and a trend, with everything else one click away in a drill-down.',
    insight:
      'A KPI without an owner and a target is a number to look at, not a KPI; put both next to the chart.',
  },
  {
    id: 'churn',
    domains: ['data_analytics'],
    match: 'churn',
    insight:
      'For churn in a B2B SaaS, track gross and net revenue retention, logo churn, churned and contracted MRR with their reasons, and at-risk accounts by health score; weekly views should show movement, not just levels.',
  },
  {
    id: 'stale-data',
    domains: ['data_analytics'],
    match: 'stale, freshness, load fail, nightly job, pipeline fail',
    insight:
      'When an upstream load fails, dashboards should say so: show "data as of" on every tile and fail source-freshness tests loudly (dbt source freshness, for example) instead of serving yesterday’s numbers as today’s.',
  },
  {
    id: 'slow-dashboard',
    focusAreas: ['dashboard-tuning'],
    domains: ['data_analytics'],
    match: 'slow, load time, seconds, speed up',
    answer:
      'Start with the query log, not the settings: find the tiles that take longest and what they scan. It is usually one or two tiles aggregating raw events over an unbounded date range, and a summary table at the chart’s grain fixes most of it.',
    insight:
      'Measure p95 load time per dashboard before and after each change; a single fast reload after caching proves nothing about the first load of the morning.',
  },
];

export const securityEntities: EntitySpec[] = [
  {
    id: 'soc2',
    focusAreas: ['evidence-orchestration'],
    match: 'soc 2, soc2, type ii, type 2',
    answer:
      'For SOC 2 Type II, the auditor tests that controls operated throughout the observation period (commonly 3 to 12 months), so evidence must be collected continuously from the first day of the period, not assembled at the end.',
    insight:
      'SOC 2 scope follows the trust services criteria you choose: Security (the common criteria) is mandatory; Availability, Confidentiality, Processing Integrity and Privacy are optional.',
  },
  {
    id: 'iso27001',
    match: 'iso 27001, 27001, isms',
    answer:
      'ISO/IEC 27001 certifies a management system: a risk assessment, a Statement of Applicability over the 93 Annex A controls (2022 edition), internal audit and management review. Controls are selected by risk, so test first the ones that treat your highest risks.',
    insight:
      'With one security engineer, lean on the ISMS basics auditors always sample (risk register, SoA, access control, supplier management, incident handling) before expanding control coverage.',
  },
  {
    id: 'hipaa',
    match: 'hipaa, phi, ephi',
    answer:
      'The HIPAA Security Rule requires a documented risk analysis (45 CFR 164.308(a)(1)(ii)(A)): inventory where ePHI is created, stored and transmitted, identify threats and vulnerabilities, rate likelihood and impact, and record the decisions that manage each risk.',
    insight:
      'HHS publishes a free Security Risk Assessment Tool; even if you use your own format, its questions are a good checklist for a defensible analysis.',
    resource: {
      title: 'HHS: guidance on risk analysis',
      url: 'https://www.hhs.gov/hipaa/for-professionals/security/guidance/guidance-risk-analysis/index.html',
      kind: 'guide',
    },
  },
  {
    id: 'gdpr',
    match: 'gdpr, data subject, dpia',
    answer:
      'Under GDPR, be ready to show a record of processing activities (Art. 30), a lawful basis for each purpose, appropriate security such as pseudonymisation and access control (Art. 32), and a DPIA where processing is high-risk (Art. 35).',
    insight:
      'Data-subject requests must reach every copy of the data, the warehouse included, and your backup policy must say how deletions reach backups; map where personal data flows before promising deletion timelines.',
    resource: {
      title: 'GDPR text (Art. 30, 32, 35)',
      url: 'https://gdpr-info.eu/',
      kind: 'reference',
    },
  },
  {
    id: 'pii',
    match: 'pii, personal data, customer data, sensitive data',
    insight:
      'Keep raw PII out of analytics where you can (hash or tokenise identifiers), restrict the rest with column-level access policies, and log who queries it.',
  },
  {
    id: 'mfa',
    focusAreas: ['control-validation'],
    match: 'mfa, 2fa, multi-factor, service account',
    answer:
      'MFA counts as an operating control only when its exceptions are accounted for: service accounts cannot do MFA, so each needs an approved exception with compensating controls (no interactive login, vaulted and rotated credentials, IP or workload-identity restrictions).',
    insight:
      'Prove MFA from the identity provider: an export of all users with enrolment and enforcement status, reconciled against the HR roster.',
  },
  {
    id: 'access-review',
    focusAreas: ['control-validation'],
    match: 'access review, user access review, quarterly',
    insight:
      'An access review is evidenced by the exported list that was reviewed, the reviewer’s decision per account, the date, and the tickets that removed access.',
  },
  {
    id: 'offboarding',
    focusAreas: ['control-validation'],
    match: 'former employee, leaver, offboarding, leaving, deprovision',
    answer:
      'Drive deprovisioning from the HR system: the leaver event disables the identity-provider account (cutting every SSO app at once), and a daily reconciliation catches apps outside SSO and shared credentials that need rotating.',
    insight:
      'Measure the control: time from HR termination to account disablement for every leaver in the period, with the outliers explained.',
  },
  {
    id: 'encryption',
    focusAreas: ['control-validation'],
    match: 'encryption, encrypt, at rest, kms',
    insight:
      'Ask the cloud for encryption status instead of checking by hand (AWS Config rules, Azure Policy, GCP organisation policies), and include backups, snapshots and replicas in scope.',
  },
  {
    id: 'secrets',
    match: 'secret, plaintext, ci log, credential leak',
    insight:
      'Scan repositories and CI logs with a secret scanner (gitleaks, trufflehog), mask secrets in CI output, and rotate anything found: a leaked secret stays leaked after the log is deleted.',
    resource: {
      title: 'gitleaks: find secrets in git and logs',
      url: 'https://github.com/gitleaks/gitleaks',
      kind: 'tool',
    },
  },
  {
    id: 'audit-trail',
    focusAreas: ['evidence-orchestration'],
    match: 'audit trail, audit log, logging',
    insight:
      'An audit trail records who did what to which object, when, from where and with what result, and lives in append-only storage outside the reach of the admins it records.',
  },
  {
    id: 'findings',
    focusAreas: ['evidence-orchestration'],
    match: 'pentest, penetration test, vulnerability, finding, cve',
    insight:
      'Give findings severity-based due dates (for example critical in 15 days, high in 30) and require a retest; auditors look for the retest evidence, not just the fix.',
  },
  {
    id: 'change-management',
    focusAreas: ['control-validation'],
    domains: ['security_audit'],
    match: 'change management, deploy, pull request',
    insight:
      'For a team that deploys daily, the change control is the pipeline itself: required review on every merge, CI passing, deploys traceable to the merged change, and emergency changes reviewed after the fact.',
  },
  {
    id: 'privileged',
    focusAreas: ['control-validation'],
    match: 'privileged, admin access, root account',
    insight:
      'Monitoring privileged activity means named admin accounts (no shared root), just-in-time elevation, session logging for admin access and alerts on new privilege grants.',
  },
  {
    id: 'questionnaire',
    focusAreas: ['evidence-orchestration'],
    match: 'questionnaire, vendor security, trust center',
    insight:
      'Keep a reusable answer library (or a public trust page) where each answer links to its evidence, so questionnaires take hours instead of weeks.',
  },
];
