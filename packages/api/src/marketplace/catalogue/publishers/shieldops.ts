import { defineAgent } from '../define';
import type { CataloguePublisher } from '../types';

const homepage = (agent: string) => `https://shieldops.example.com/agents/${agent}`;
const repository = 'https://github.com/shieldops/capecontrol-agents';

const secretRotation = defineAgent({
  name: 'shieldops/secret-rotation',
  kind: 'prompt',
  displayName: 'Leaked secret responder',
  description:
    'Step-by-step response when a credential leaks (committed to git, pasted in chat, found in logs): contain, rotate, check for abuse, prevent a repeat.',
  category: 'security',
  tags: ['secrets', 'credentials', 'incident-response', 'rotation'],
  license: 'Apache-2.0',
  homepage: homepage('secret-rotation'),
  repository,
  prompt: {
    system:
      'You guide engineers through responding to a leaked credential. Ask for nothing secret: never ask the user to paste the credential itself. Give numbered steps in this order: revoke or rotate first, then find every place the old credential was used, then check provider logs for use of it since the leak, then clean the exposure, then prevent a repeat. Say which steps are urgent (minutes) and which can wait (days).',
    userTemplate: 'What happened:\n\n{{input}}',
    temperature: 0.1,
    maxTokens: 1200,
  },
  knowledge: [
    {
      title: 'Leaked credential playbook',
      body: `# Leaked credential playbook

## First minutes: revoke or rotate
Assume a credential is compromised the moment it is exposed in a public repository, a chat channel, a ticket or a log shipped to a third party: automated scanners find public keys within minutes. Revoke it or rotate it before anything else. Deleting the commit does not help: the key stays in git history, forks and caches.

## Find every consumer
Before revoking a production key, list what uses it (services, CI jobs, cron tasks) so you can deploy the new one right after. Where the provider allows two active keys, create the new key, deploy it, then revoke the old one.

## Check for abuse
Look at the provider's audit logs from the time of the leak: unfamiliar IP addresses, new resources (compute instances, users, API keys), unusual data downloads, billing spikes. For cloud keys, check every region. If you find abuse, treat it as a security incident and escalate.

## Clean the exposure
Rewrite git history only after rotation (tools such as git filter-repo), ask the chat or ticket system admin to delete the message, and purge logs that contain the value. Cleaning is for hygiene; rotation is the fix.

## Prevent a repeat
Keep credentials in a secrets manager or environment configuration, never in code. Turn on secret scanning and push protection for repositories. Use short-lived credentials (OIDC federation for CI, workload identities) so a leaked value expires on its own. Give each key the least privilege it needs.

## Communication
Tell your security team even when you have fixed it: they may see related activity. Record the timeline for the postmortem.`,
    },
  ],
  readme: `# Leaked secret responder

Describe what leaked and where (an API key pushed to a public repository, a database password
pasted in chat, a token in a log) and get the response in the right order: revoke or rotate
first, find consumers, check for abuse, clean up, prevent a repeat.

It never asks you to paste the secret itself.`,
  sample:
    'A developer pushed a cloud API key to a public git repository an hour ago. What do we do first, how do we rotate it, and how do we check for abuse?',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const threatModeler = defineAgent({
  name: 'shieldops/threat-modeler',
  kind: 'prompt',
  displayName: 'Threat modeler',
  description:
    'Threat-models a system from its description with STRIDE: assets, trust boundaries, threats per component and prioritised mitigations.',
  category: 'security',
  tags: ['threat-modeling', 'stride', 'architecture', 'appsec'],
  license: 'Apache-2.0',
  homepage: homepage('threat-modeler'),
  repository,
  prompt: {
    system:
      'You threat-model systems with STRIDE. From the description, list the assets, the actors, the data flows and the trust boundaries. For each component that crosses a trust boundary, list threats under Spoofing, Tampering, Repudiation, Information disclosure, Denial of service and Elevation of privilege. Rate each threat by likelihood and impact, and propose a concrete mitigation. End with the five most important mitigations in order.',
    userTemplate: 'System to threat-model:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 2000,
  },
  knowledge: [
    {
      title: 'STRIDE threat modeling',
      body: `# STRIDE threat modeling

## The four questions
What are we building? What can go wrong? What are we going to do about it? Did we do a good job? Draw the system as a data-flow diagram first: external entities, processes, data stores, data flows, and trust boundaries where data crosses between levels of trust.

## Spoofing
Pretending to be someone else: stolen sessions, forged tokens, unauthenticated internal endpoints. Mitigations: strong authentication, short-lived tokens, mutual TLS between services, signed webhooks.

## Tampering
Modifying data in transit or at rest: unsigned messages, writable storage, parameter manipulation. Mitigations: TLS, integrity checks and signatures, server-side validation, least-privilege write access.

## Repudiation
Denying an action with no way to prove otherwise. Mitigations: append-only audit logs with the actor, time and request id; logs stored where the actor cannot alter them.

## Information disclosure
Exposing data to those who should not see it: verbose errors, missing authorization checks (IDOR), secrets in logs, public buckets. Mitigations: authorization on every object access, encryption, redaction, minimal data collection.

## Denial of service
Exhausting resources: unbounded requests, expensive queries, large uploads, regex backtracking. Mitigations: rate limits, quotas, timeouts, pagination, input size limits.

## Elevation of privilege
Gaining rights you should not have: missing role checks, injection, insecure deserialisation, over-privileged service accounts. Mitigations: deny by default, role checks in one place, parameterised queries, sandboxing, least privilege.

## Web applications
Typical threats for a web API with session cookies: cross-site request forgery (SameSite cookies and CSRF tokens), session theft (HttpOnly and Secure cookies, short lifetimes), an admin panel sharing the public API (separate roles, extra authentication, network restrictions), file uploads to object storage (size limits, content-type checks, private buckets with signed URLs) and missing authorization on object ids.

## Prioritising
Rate likelihood and impact from 1 to 3 each; fix the threats scoring highest first, and anything on the internet-facing boundary before internal ones.`,
    },
  ],
  readme: `# Threat modeler

Describe your system (components, data, who talks to what) and get a STRIDE threat model: assets,
trust boundaries, threats per component with likelihood and impact, and the five mitigations to
do first.`,
  sample:
    'Run a STRIDE threat model for our API: session cookies, an admin panel sharing the API, and file uploads to object storage. Which threats and mitigations come first?',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const vulnTriage = defineAgent({
  name: 'shieldops/vuln-triage',
  kind: 'prompt',
  displayName: 'Vulnerability triage',
  description:
    'Prioritises vulnerability scanner findings by real risk: CVSS, exploit likelihood (EPSS, known exploited), reachability and exposure, with fix deadlines.',
  category: 'security',
  tags: ['vulnerabilities', 'cve', 'cvss', 'dependencies', 'patching'],
  license: 'Apache-2.0',
  homepage: homepage('vuln-triage'),
  repository,
  prompt: {
    system:
      'You triage vulnerability findings. For each finding, weigh severity (CVSS base score), exploitation (on the known-exploited list, EPSS probability, public exploit code), reachability (is the vulnerable function called, is the package loaded in production) and exposure (internet-facing or internal). Assign a priority P1 to P4 with a fix deadline, and say the fix: upgrade target version, configuration change or compensating control. Group findings that one upgrade fixes.',
    userTemplate: 'Scanner findings:\n\n{{input}}',
    temperature: 0.1,
    maxTokens: 1600,
  },
  config: [
    {
      key: 'nvdApiKey',
      label: 'NVD API key',
      type: 'string',
      secret: true,
      description:
        'Optional: raises the rate limit when the agent looks up CVE details in the National Vulnerability Database.',
    },
  ],
  permissions: { network: ['services.nvd.nist.gov'], tools: ['http.fetch'] },
  knowledge: [
    {
      title: 'Vulnerability prioritisation',
      body: `# Vulnerability prioritisation

## Severity is not risk
A CVSS base score describes how bad a vulnerability is in the worst case; it does not know your system. Most critical-scored CVEs are never exploited. Combine severity with exploitation evidence, reachability and exposure before setting a deadline.

## Exploitation evidence
A CVE on the CISA Known Exploited Vulnerabilities list is being used by attackers now: fix it first. EPSS gives the probability of exploitation in the next 30 days; above 0.1 is high. Public proof-of-concept code raises urgency.

## Reachability
A vulnerable package that is only a development dependency, or whose vulnerable function your code never calls, carries much less risk. Check whether the package is loaded in production and whether the affected code path is reachable from input an attacker controls.

## Exposure
Internet-facing services come before internal ones; services handling authentication, payments or personal data come before others.

## Priorities and fix deadlines
Prioritise CVE findings by combining the CVSS score with the evidence above:
- **P1** (known exploited, or critical and reachable on an internet-facing service): fix within 48 hours.
- **P2** (high and reachable): within 7 days.
- **P3** (medium, or high but not reachable): within 30 days.
- **P4** (low, or a development dependency only, whatever its CVSS): next planned upgrade.

## Fixing
Prefer upgrading to the lowest version that fixes the issue within the same major version, to limit breaking changes. One upgrade often fixes several findings: group them. When no fix exists, apply a compensating control (disable the feature, add a WAF rule, restrict network access) and record an exception with an expiry date.`,
    },
  ],
  readme: `# Vulnerability triage

Paste scanner output (CVE ids, packages, versions, CVSS scores) and get a prioritised list: P1
to P4 with fix deadlines, based on exploitation evidence, reachability and exposure rather than
CVSS alone, and the upgrade that fixes each group of findings.

## Configuration
- **NVD API key** (optional, secret): stored encrypted and never shown again; used only for
  lookups on services.nvd.nist.gov, the one host this agent may reach.`,
  sample:
    'How should we prioritise these CVE findings and what fix deadlines apply? CVE-2026-2002 is on the known exploited list in our internet-facing API (CVSS 7.5); CVE-2026-1001 has CVSS 9.8 but is only a development dependency.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const severityTriage = defineAgent({
  name: 'shieldops/severity-triage',
  kind: 'prompt',
  displayName: 'Incident severity triage',
  description:
    'Classifies an incident as SEV1 to SEV4 from its symptoms and impact, and lists the first actions and roles for the first fifteen minutes.',
  category: 'operations',
  tags: ['incidents', 'severity', 'on-call', 'sre'],
  license: 'Apache-2.0',
  homepage: homepage('severity-triage'),
  repository,
  prompt: {
    system:
      'You triage production incidents. From the description, assign a severity (SEV1 to SEV4) using customer impact, breadth and data risk, and explain the choice in one sentence. Then list who to page (incident commander, communications lead, subject-matter experts), the first five actions in order, and when to escalate the severity. Be decisive: when unsure between two levels, pick the higher one.',
    userTemplate: 'Incident:\n\n{{input}}',
    temperature: 0.1,
    maxTokens: 1000,
  },
  knowledge: [
    {
      title: 'Incident severity levels',
      body: `# Incident severity levels

## SEV1: critical
A core function is down for most customers (sign-in, checkout, the main product), data loss or a security breach is happening, or there is a legal or safety impact. Page the incident commander and the communications lead immediately; post a status page update within 15 minutes; all hands until mitigated.

## SEV2: major
A core function is degraded or down for a subset of customers or a region (for example, checkout payments failing for customers in Europe after a deploy), or a major feature is unavailable for everyone, with a workaround missing. Page the on-call team and an incident commander; status page update within 30 minutes.

## SEV3: minor
A non-core feature is broken, or a core feature is degraded with a workaround. Handle during working hours; status page update only if customers notice.

## SEV4: low
Cosmetic problems, internal tools, or issues with no customer impact. A ticket, not an incident.

## Roles
- **Incident commander**: coordinates, decides, keeps the timeline; does not debug.
- **Communications lead**: status page, support team, stakeholders.
- **Subject-matter experts**: investigate and mitigate.

## The first fifteen minutes
Declare the incident and open a dedicated channel; assign the commander; state the impact in one sentence; check recent changes (deploys, configuration, feature flags) and roll back the most recent one if it lines up with the start; post the first status update. Mitigate first, find the root cause later.

## Changing severity
Raise the severity as soon as impact grows; lower it only when mitigation is confirmed. When in doubt between two levels, choose the higher.`,
    },
  ],
  readme: `# Incident severity triage

Describe what is broken and who is affected. You get a severity level (SEV1 to SEV4) with the
reason, who to page, the first five actions and when to escalate.`,
  sample:
    'What severity is this incident and what are the first actions? Checkout payments fail for 30% of customers in Europe since a deploy ten minutes ago.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const runbookWriter = defineAgent({
  name: 'shieldops/runbook-writer',
  kind: 'prompt',
  displayName: 'Runbook writer',
  description:
    'Writes operational runbooks: preconditions, numbered steps with the exact check after each, rollback, and when to escalate.',
  category: 'operations',
  tags: ['runbooks', 'deployment', 'rollback', 'sre'],
  license: 'Apache-2.0',
  homepage: homepage('runbook-writer'),
  repository,
  prompt: {
    system:
      'You write runbooks that a tired on-call engineer can follow at 3 a.m. Structure: purpose, when to use it, preconditions, numbered steps each followed by how to verify it worked, rollback steps, and when to escalate and to whom. Use placeholders in angle brackets for values you do not know. Never skip the verification and rollback sections.',
    userTemplate: 'Write a runbook for:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 1600,
  },
  knowledge: [
    {
      title: 'Writing runbooks',
      body: `# Writing runbooks

## Structure
Purpose (one sentence), when to use it (the alert or situation), preconditions (access, tools, approvals), the steps, verification, rollback, escalation. Put the rollback where it can be found fast: people read runbooks under stress.

## Steps
Number every step. One action per step, with the exact command or the exact button, and the expected result. After each step that changes something, say how to verify it: the dashboard to watch, the query to run, the health endpoint to call and what a good answer looks like.

## Deployment runbooks
Before: confirm the change was approved, the build passed, the database migration was reviewed and backups are recent. During: deploy to a canary or a small share of traffic first; watch error rate, latency and saturation for a fixed time (for example 10 minutes); then continue in stages. After: run smoke tests and watch the dashboards for 30 minutes.

## Database migrations
Run schema changes that lock large tables outside peak hours, or use online migration tools. Make migrations backwards-compatible (expand, then contract) so the previous application version still works if you roll back the code.

## Rollback
Say exactly how to return to the last good state: redeploy the previous version, turn off the feature flag, restore configuration. Say what cannot be rolled back (data migrations, sent emails) and what to do instead.

## Escalation
Name the team or role to call when a verification fails or the rollback does not restore service, and the time limit before calling them (for example, 15 minutes).`,
    },
  ],
  readme: `# Runbook writer

Describe an operational task (a deployment, a failover, a certificate renewal, a noisy alert) and
get a runbook: preconditions, numbered steps with a verification after each, rollback, and when
to escalate.`,
  sample:
    'Write a deployment runbook for releasing version 2.4.0 of the billing service with a database migration that adds an index, including verification steps and rollback.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const postmortemWriter = defineAgent({
  name: 'shieldops/postmortem-writer',
  kind: 'prompt',
  displayName: 'Postmortem writer',
  description:
    'Drafts a blameless postmortem from an incident timeline: summary, impact, timeline, contributing factors, what went well and owned action items.',
  category: 'operations',
  tags: ['postmortems', 'incidents', 'blameless', 'sre'],
  license: 'Apache-2.0',
  homepage: homepage('postmortem-writer'),
  repository,
  prompt: {
    system:
      'You write blameless postmortems. Sections: summary, impact (who, how many, how long), timeline with UTC times, detection, contributing factors (systems and processes, never individuals), what went well, what went poorly, where we got lucky, and action items each with an owner role, a priority and a type (prevent, detect, mitigate). Describe actions, not people: "the deploy was approved without a canary", not "Sam skipped the canary".',
    userTemplate: 'Incident notes and timeline:\n\n{{input}}',
    temperature: 0.2,
    maxTokens: 2000,
  },
  knowledge: [
    {
      title: 'Blameless postmortems',
      body: `# Blameless postmortems

## Why blameless
People make reasonable decisions with the information they have. If the system let a mistake reach production, the system needs fixing. Blame makes people hide information, and the next incident gets worse. Write about actions and conditions, not about people.

## Summary and impact
Two or three sentences a customer-facing colleague can reuse. Impact in numbers: duration, share of users or requests affected, revenue or data affected, support tickets.

## Timeline
UTC times, from the first trigger (often a change) through detection, escalation, mitigation and resolution. For example: 13:58 UTC deploy of the payment service; 14:05 checkout errors begin; 14:20 the alert fires; 14:31 rollback; 14:40 errors gone. Note the gaps: time to detect and time to mitigate are where improvements hide.

## Contributing factors
There is rarely one root cause. Ask "why" repeatedly (the five whys) along several branches: the change, the missing safeguard, the late detection, the slow mitigation. Each branch can produce an action item.

## What went well, what went poorly, where we got lucky
Lucky breaks are risks you have not fixed yet: treat them as findings.

## Action items
Each with an owner, a priority and a type: prevent (stop it happening), detect (notice sooner), mitigate (recover faster). Prefer a few completed actions to a long list that rots. Track them in the normal backlog and review them in a month.`,
    },
  ],
  readme: `# Postmortem writer

Paste the incident channel summary or your timeline notes and get a blameless postmortem draft:
summary, impact, timeline, contributing factors, what went well, where you got lucky, and action
items typed as prevent, detect or mitigate.`,
  sample:
    'Write a blameless postmortem: a payment service deploy at 13:58 UTC caused checkout errors for 30% of customers until the rollback at 14:31. There was no canary and the alert threshold was too high.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release.',
      changes: {
        prompt: {
          system:
            'You write blameless postmortems: summary, impact, timeline, root cause and action items with owners. Describe actions, not people.',
          userTemplate: 'Incident notes and timeline:\n\n{{input}}',
          temperature: 0.2,
          maxTokens: 1600,
        },
      },
    },
    {
      version: '1.1.0',
      notes:
        'Contributing factors instead of a single root cause; action items typed as prevent, detect or mitigate; "where we got lucky".',
    },
  ],
});

const incidentResponse = defineAgent({
  name: 'shieldops/incident-response',
  kind: 'workflow',
  displayName: 'Incident response kit',
  description:
    'The first half hour of an incident in one request: severity and first actions, a customer-facing status update, and a mitigation runbook.',
  category: 'operations',
  tags: ['incidents', 'on-call', 'status-page', 'workflow'],
  license: 'Apache-2.0',
  homepage: homepage('incident-response'),
  repository,
  dependencies: {
    'shieldops/severity-triage': '^1.0.0',
    'capecontrol/status-update-writer': '^1.0.0',
    'shieldops/runbook-writer': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'triage',
        agent: 'shieldops/severity-triage',
        input: '{{input}}',
        description: 'severity, who to page and the first actions',
      },
      {
        id: 'status',
        agent: 'capecontrol/status-update-writer',
        input:
          'Write the first Investigating update for customers about this incident:\n\n{{input}}',
        description: 'the first status page update',
      },
      {
        id: 'runbook',
        agent: 'shieldops/runbook-writer',
        input:
          'Write a mitigation runbook for this incident, including rollback of the most recent change.\n\nIncident:\n{{input}}\n\nTriage:\n{{steps.triage.output}}',
        description: 'mitigation and rollback steps',
      },
    ],
  },
  readme: `# Incident response kit

Describe the incident (symptoms, who is affected, recent changes). Three steps give you the
severity with the first actions, a customer-facing status update, and a mitigation runbook with
rollback.`,
  sample:
    'Since 14:05 UTC checkout fails for about 30% of customers in Europe with payment errors. A deploy of the payment service went out at 13:58.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const securityReview = defineAgent({
  name: 'shieldops/security-review',
  kind: 'workflow',
  displayName: 'Security review',
  description:
    'A design-stage security review: a STRIDE threat model of the system, then a prioritised plan for the known vulnerabilities in its dependencies.',
  category: 'security',
  tags: ['security-review', 'threat-modeling', 'vulnerabilities', 'workflow'],
  license: 'Apache-2.0',
  homepage: homepage('security-review'),
  repository,
  dependencies: {
    'shieldops/threat-modeler': '^1.0.0',
    'shieldops/vuln-triage': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'threats',
        agent: 'shieldops/threat-modeler',
        input: '{{input}}',
        description: 'STRIDE threat model',
      },
      {
        id: 'vulnerabilities',
        agent: 'shieldops/vuln-triage',
        input:
          'Prioritise the known vulnerabilities and weaknesses of this system, taking the threat model into account.\n\nSystem:\n{{input}}\n\nThreat model:\n{{steps.threats.output}}',
        description: 'prioritised fixes with deadlines',
      },
    ],
  },
  readme: `# Security review

Describe a system and list its known vulnerabilities (scanner output is fine). You get a STRIDE
threat model and a prioritised fix plan that takes the threat model's exposure into account.`,
  sample:
    'Our public REST API uses a web framework with CVE-2026-2002 (CVSS 7.5, known exploited). The admin panel shares the API and its session cookie. Files live in object storage.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

export const shieldops: CataloguePublisher = {
  scope: 'shieldops',
  displayName: 'ShieldOps Security',
  verified: true,
  agents: [
    secretRotation,
    threatModeler,
    vulnTriage,
    severityTriage,
    runbookWriter,
    postmortemWriter,
    incidentResponse,
    securityReview,
  ],
};
