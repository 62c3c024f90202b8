import type { Playbook } from './types';

const soc2 = {
  title: 'SOC 2 overview (AICPA)',
  url: 'https://www.aicpa-cima.com/topic/audit-assurance/audit-and-assurance-greater-than-soc-2',
  kind: 'reference',
} as const;

export const controlValidation: Playbook = {
  focusArea: 'control-validation',
  approach:
    'A control counts when it operates for everything it should cover, all the time, and you can show it. State each control’s scope and pass criteria, test it against the full population from the system of record rather than the easy cases, turn every exception into a fix or an approved, time-limited exemption, and automate the checks so drift is caught between audits.',
  steps: [
    {
      title: 'Map controls to the framework and your risks',
      purpose:
        'List the controls your framework (SOC 2 trust services criteria, ISO 27001 Annex A) and your risk register require, each with an owner, scope and frequency.',
      check:
        'Every in-scope criterion maps to at least one control with an owner, and no control lacks a frequency.',
      core: true,
      terms: 'soc 2 iso 27001 framework which first map',
    },
    {
      title: 'Define pass and fail for each control',
      purpose:
        'Write what "operating" means in testable terms, for example MFA required for 100% of human accounts in the identity provider, or encryption enabled on every datastore.',
      check:
        'Each control has a test procedure another engineer can run and reach the same result.',
      core: true,
      terms: 'test define enforcement mfa encryption real good look',
    },
    {
      title: 'Test the full population',
      purpose:
        'Pull the complete population (all users, databases, buckets, changes) from the system of record and test every item, not a convenience sample.',
      check:
        'The test’s population count matches the inventory (identity-provider user count, cloud asset inventory).',
      core: true,
      terms: 'every all population database bucket account enabled',
    },
    {
      title: 'Chase every exception',
      purpose:
        'Each failing item becomes a fix with a date, or a documented exception with an approver, a compensating control and an expiry.',
      check:
        'The exception register has no item without approver, reason, compensating control and expiry date.',
      core: true,
      terms: 'exempt exception service account gap compensating',
    },
    {
      title: 'Automate configuration checks',
      purpose:
        'Run the tests on a schedule with cloud configuration rules or policy as code (Prowler, AWS Config, Open Policy Agent) and alert on drift.',
      check: 'A deliberately misconfigured test resource is flagged within one check cycle.',
      terms:
        'automate drift config misconfiguration encryption plaintext secrets scan lightweight one engineer',
    },
    {
      title: 'Verify the access lifecycle',
      purpose:
        'Reconcile HR leavers and role changes with identity-provider and application accounts, and review privileged access at least quarterly.',
      check:
        'For last quarter’s leavers, every account was disabled within the policy window (for example 24 hours), shown by timestamps.',
      terms:
        'access review former employees leaving leaver offboarding privileged quarterly 24 hours',
    },
    {
      title: 'Check change management in the tooling',
      purpose:
        'Confirm production changes go through review and approval where the work happens (branch protection, required reviewers, deploy approvals), not only on paper.',
      check:
        'Sampled production deploys each trace to an approved pull request, and direct pushes to the main branch are blocked.',
      terms: 'change management deploys daily review approval small team',
    },
    {
      title: 'Record results as evidence',
      purpose:
        'Keep each test’s date, population, result and exceptions where the auditor can read them.',
      check:
        'For each control, the latest result is retrievable with its timestamp and population size.',
      core: true,
      terms: 'evidence auditor record prove',
    },
  ],
  insights: [
    'Auditors test design and operation separately: a policy requiring MFA shows design; an identity-provider export showing every account enrolled across the period shows operation.',
    'Service and break-glass accounts are where controls quietly fail; list them with owners, vaulted credentials and compensating controls such as IP restrictions and short-lived tokens.',
    'Test from systems of record (identity provider, cloud inventory, HR system), not from what the team believes exists; the gaps are in resources nobody remembers.',
    'Start with the controls auditors test every time and that fail most often: access reviews, offboarding, MFA, change management, backups and vulnerability management.',
    'A single security engineer cannot test everything by hand: automate configuration checks and keep human time for reviews and judgement calls.',
  ],
  risks: [
    {
      title: 'Sample testing misses the failing part of the population',
      severity: 'high',
      mitigation:
        'Test the full population wherever it can be exported; sample only when it cannot, using the auditor’s sampling rules.',
    },
    {
      title: 'Controls drift between audits',
      severity: 'high',
      mitigation: 'Automate configuration checks with alerts and review the results monthly.',
    },
    {
      title: 'Exceptions without expiry become permanent',
      severity: 'medium',
      mitigation: 'Require an expiry date and re-approval, and report open exceptions monthly.',
    },
    {
      title: 'Manual controls depend on one person',
      severity: 'medium',
      mitigation:
        'Document the procedure, assign a backup and schedule reminders for periodic controls.',
    },
  ],
  resources: [
    soc2,
    { title: 'ISO/IEC 27001', url: 'https://www.iso.org/standard/27001', kind: 'reference' },
    {
      title: 'CIS Critical Security Controls',
      url: 'https://www.cisecurity.org/controls',
      kind: 'guide',
    },
    {
      title: 'CIS Benchmarks',
      url: 'https://www.cisecurity.org/cis-benchmarks',
      kind: 'reference',
    },
    {
      title: 'Prowler: cloud security checks',
      url: 'https://github.com/prowler-cloud/prowler',
      kind: 'tool',
    },
  ],
};

export const evidenceOrchestration: Playbook = {
  focusArea: 'evidence-orchestration',
  approach:
    'Treat evidence as data you collect continuously, not screenshots you scramble for at the end. Map each control to the artefact that proves it, pull those artefacts automatically from systems of record on the control’s schedule, store them timestamped and tamper-evident with their provenance, and track every auditor request to closure.',
  steps: [
    {
      title: 'Build the evidence map',
      purpose:
        'For each control, name the artefact that proves it (identity-provider export, configuration snapshot, ticket, signed review), its source system and how often it must be collected across the period.',
      check:
        'Every in-scope control has at least one artefact with source and frequency, and the auditor has agreed the request (PBC) list.',
      core: true,
      terms: 'evidence map control auditor request list type ii collect what',
    },
    {
      title: 'Prefer exports to screenshots',
      purpose:
        'Collect evidence as timestamped API exports or configuration dumps (JSON, CSV) and screenshot only what has no export, showing the URL, account and date.',
      check:
        'Most artefacts are automated exports, and every remaining screenshot shows system, account and timestamp.',
      core: true,
      terms: 'screenshot export firewall rules automate',
    },
    {
      title: 'Automate collection on each control’s schedule',
      purpose:
        'Schedule collectors (scripts, a compliance platform such as Vanta or Drata, or an agent) to pull evidence daily, weekly or quarterly as each control requires, across the whole period.',
      check:
        'For a random week in the period, the store holds the expected artefacts for each control, and a missed collection raises an alert.',
      core: true,
      terms: 'automate schedule observation period whole continuous vanta drata collect',
    },
    {
      title: 'Store evidence tamper-evident with provenance',
      purpose:
        'Keep artefacts in write-once storage (object lock) with a hash, collection time, collector and source, organised by control and period.',
      check:
        'A sampled artefact’s hash matches the recorded one, and altering or deleting an artefact is blocked or logged.',
      terms: 'store immutable audit trail holds up chain custody timestamp',
    },
    {
      title: 'Show every occurrence of periodic controls',
      purpose:
        'For periodic controls (quarterly access reviews, monthly vulnerability scans), evidence each occurrence in the period with reviewer, date, scope and follow-up actions.',
      check:
        'The evidence index lists every expected occurrence with a date and link, and none is missing.',
      terms: 'quarterly access reviews happened prove occurrence period',
    },
    {
      title: 'Track findings to closure',
      purpose:
        'Link each finding (pentest, scan, review exception) to a ticket with owner, severity, due date, fix evidence and retest.',
      check:
        'Every high-severity finding has a retest artefact, and overdue items appear on a weekly report.',
      terms: 'remediation pentest findings vulnerability track ticket',
    },
    {
      title: 'Run a mock audit',
      purpose:
        'Before fieldwork, have someone outside the team pick controls and dates at random and retrieve the evidence from the store alone.',
      check:
        'Every sampled request was answered from the store within a day without asking the control owner.',
      core: true,
      terms: 'audit months prepare mock readiness start now',
    },
    {
      title: 'Answer requests through one tracker',
      purpose:
        'Log each auditor or customer request (including security questionnaires) with owner, due date and the exact artefacts provided.',
      check:
        'Every request is closed with links to the artefacts sent; nothing lives only in email.',
      terms: 'auditor asked request questionnaire vendor tracker',
    },
  ],
  insights: [
    'A SOC 2 Type II report covers how controls operated over an observation period (commonly 3 to 12 months); evidence from the first weeks cannot be recreated later, so collection must start before the period does.',
    'Auditors sample from populations: if you cannot produce the full population (all changes, all leavers) they cannot sample, and that becomes an exception.',
    'Screenshots are weak evidence (no provenance, easy to stage); a timestamped API export with a hash is stronger and cheaper to repeat.',
    'Evidence of a periodic review needs the reviewer, the date, what was reviewed and the actions taken; a calendar invite is not evidence.',
    'Evidence often contains personal data and secrets: redact before storing, restrict access, and keep it no longer than the retention policy says.',
  ],
  risks: [
    {
      title: 'Gaps early in the observation period',
      severity: 'high',
      mitigation: 'Start automated collection before the period begins and check coverage weekly.',
    },
    {
      title: 'Evidence rejected for missing provenance',
      severity: 'medium',
      mitigation: 'Record source, time, collector and hash for every artefact.',
    },
    {
      title: 'Evidence store leaks sensitive data',
      severity: 'medium',
      mitigation: 'Redact secrets and personal data, and restrict access to the evidence store.',
    },
    {
      title: 'Only one person knows how to produce the evidence',
      severity: 'medium',
      mitigation: 'Automate collectors and document how each artefact is produced.',
    },
  ],
  resources: [
    soc2,
    {
      title: 'NIST SP 800-53 Rev. 5 (AU: audit and accountability)',
      url: 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final',
      kind: 'reference',
    },
    {
      title: 'OWASP Logging Cheat Sheet',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html',
      kind: 'guide',
    },
    {
      title: 'Amazon S3 Object Lock',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
      kind: 'reference',
    },
  ],
};
