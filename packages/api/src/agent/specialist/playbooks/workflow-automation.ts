import type { Playbook } from './types';

const runningTasks = {
  title: 'Running tasks in CapeControl: retries, cancel, idempotency keys',
  url: '/docs/running-tasks',
  kind: 'doc',
} as const;

export const triggerValidation: Playbook = {
  focusArea: 'trigger-validation',
  approach:
    'Treat every trigger as input you do not control: write down exactly which events or schedule slots should start the flow, filter on the fields that prove a run is needed, make the first step idempotent so a duplicate or retried trigger is harmless, and prove it with a dry run over recorded real events before the flow touches customers.',
  steps: [
    {
      title: 'Write the trigger contract',
      purpose:
        'List the events or schedule that should start the flow, the fields each must carry, and the cases that must not start it (the flow’s own updates, test records, items already handled).',
      check:
        'Every trigger from the last week of the source’s history can be classified as "start" or "ignore" using the contract alone.',
      core: true,
      terms: 'trigger event schedule kick off which start',
    },
    {
      title: 'Filter at the trigger, not three steps later',
      purpose:
        'Put the start conditions (status changed to X, amount above zero, not changed by the automation’s own account) into the trigger filter so unwanted runs never begin.',
      check:
        'Replaying last week’s events through the filter starts runs only for the items the contract says should start.',
      terms: 'filter condition paid already record update',
    },
    {
      title: 'Break self-trigger loops',
      purpose:
        'Mark the changes the flow makes (a dedicated service user, a source=automation field) and ignore them in the trigger, so the flow’s own writes cannot start it again.',
      check:
        'Running the flow once on a test record produces exactly one run in the history, not a chain of runs.',
      terms: 'loop infinite forever self itself recursion record update',
    },
    {
      title: 'Make the first step idempotent',
      purpose:
        'Derive a run key from the triggering item (event id, record id plus version, or schedule slot) and skip when that key was already processed, so duplicate or retried triggers do no harm.',
      check:
        'Firing the same trigger twice in a test yields one side effect and a log line saying the second run was skipped as a duplicate.',
      core: true,
      terms: 'duplicate twice exactly once retry fire deploy double',
    },
    {
      title: 'Pin schedules to a time zone and a slot',
      purpose:
        'Express cron schedules in the business time zone (an IANA name such as Europe/Berlin), store the intended slot with each run, and decide what a missed or daylight-saving-shifted slot does (skip, or catch up once).',
      check:
        'The scheduler’s next ten fire times match the business calendar, including across the next daylight-saving change.',
      terms: 'cron schedule scheduled timezone utc local region nightly daily 9am dst',
    },
    {
      title: 'Dry-run against recorded events',
      purpose:
        'Run the flow in a mode that evaluates triggers and conditions and logs the actions it would take without performing them, fed with a sample of real recent events including awkward ones.',
      check:
        'A reviewer signs off the dry-run report: each would-be action is expected (no emails to customers who already paid, no duplicates).',
      core: true,
      terms: 'dry run test preview production enable before spam go live',
    },
    {
      title: 'Roll out behind a limit and a kill switch',
      purpose:
        'Enable the flow for a small slice first (one team, 5% of records, a cap of N runs per hour) with a switch that stops it instantly, then widen.',
      check:
        'The cap and the kill switch were each exercised once; the first day’s real runs match the dry run’s prediction.',
      terms: 'rollout enable production limit kill switch canary customers',
    },
    {
      title: 'Alert on trigger health',
      purpose:
        'Track runs started per hour, runs skipped as duplicates and the delay from event to run start; alert on spikes, silence and backlog.',
      check:
        'A synthetic burst of events and a paused source each raise an alert within the agreed time.',
      core: true,
      terms: 'monitor alert silently missed backlog spike notice nobody',
    },
  ],
  insights: [
    'Most duplicate runs start at the source, not in the engine: a webhook retry, a record saved twice in one edit, or two overlapping schedules. Deduplicate on a key taken from the source event, never on timestamps.',
    'A trigger on "record updated" fires for every field change, including the flow’s own writes; trigger on the specific transition (status unpaid → paid) instead.',
    'Cron in UTC drifts an hour against local business time twice a year; schedule in the business time zone and make jobs safe to run late or twice.',
    'Conditions checked at trigger time can be stale by the time a later step runs (a customer pays while a reminder waits); re-check right before any customer-facing action.',
    'A dry run is only as good as its inputs: replay real recent events, including deleted records, missing fields and bulk imports.',
  ],
  risks: [
    {
      title: 'Duplicate side effects (double emails, double charges)',
      severity: 'high',
      mitigation:
        'Check an idempotency key per triggering event before the first side effect; exactly-once is a property of the handler, not of the trigger.',
    },
    {
      title: 'Self-triggering loop',
      severity: 'high',
      mitigation:
        'Ignore changes made by the automation’s own identity and cap runs per record (for example 3 per hour) as a circuit breaker.',
    },
    {
      title: 'Silent misses',
      severity: 'medium',
      mitigation:
        'Alert when no runs start in a window where runs are expected, and on trigger backlog.',
    },
    {
      title: 'Bulk imports start thousands of runs',
      severity: 'medium',
      mitigation:
        'Exclude bulk-import sources in the filter or rate-limit runs; test with a bulk edit in staging.',
    },
  ],
  resources: [
    runningTasks,
    { title: 'crontab.guru: check cron expressions', url: 'https://crontab.guru/', kind: 'tool' },
    {
      title: 'Making retries safe with idempotent APIs (Amazon Builders’ Library)',
      url: 'https://aws.amazon.com/builders-library/making-retries-safe-with-idempotent-APIs/',
      kind: 'guide',
    },
    { title: 'IANA time zone database', url: 'https://www.iana.org/time-zones', kind: 'reference' },
  ],
};

export const rollbackPlanning: Playbook = {
  focusArea: 'rollback-planning',
  approach:
    'Plan the undo before the run: classify every step as reversible, compensatable or irreversible, record what each step changed so a compensation knows exactly what to undo, and move the irreversible steps (emails, payments, third-party writes) last, behind a checkpoint. Then rehearse the rollback on a copy, because an untested rollback is a hope, not a plan.',
  steps: [
    {
      title: 'Inventory each step’s side effects',
      purpose:
        'For every step, list what it changes (rows, files, external systems, messages) and classify it: reversible, compensatable (offset by a refund or a correction) or irreversible.',
      check:
        'A table covers every step with its side effects and class, and nobody can name a side effect missing from it.',
      core: true,
      terms: 'step multi side effect email order shipped changes',
    },
    {
      title: 'Put irreversible steps last',
      purpose:
        'Move sends, payments and third-party writes after the steps that can still fail, with a validation or approval checkpoint in front of them.',
      check: 'Injecting a failure into each earlier step leaves no irreversible effect behind.',
      core: true,
      terms: 'email send sent payment irreversible approval',
    },
    {
      title: 'Write a compensating action per step',
      purpose:
        'For each compensatable step, define the action that offsets it (cancel the shipment, restore the previous value, void the invoice), idempotent so it can be retried, and run compensations in reverse order.',
      check:
        'Each compensation runs twice in a test without double-undoing, and the result matches the pre-run state.',
      core: true,
      terms: 'compensate compensating saga undo back out revert reverse',
    },
    {
      title: 'Keep a run journal with before-images',
      purpose:
        'Persist each run’s input, every step’s output and the values it overwrote, so compensation and resume work from facts instead of guesses.',
      check:
        'For a sample run, the journal alone reconstructs the before and after state of every record touched.',
      terms: 'journal log state halfway partial record bulk mistake',
    },
    {
      title: 'Decide resume or unwind per failure point',
      purpose:
        'For each step, decide whether a failure retries, resumes from the last checkpoint or unwinds: transient errors (timeouts, 429s) resume, business-rule errors unwind.',
      check:
        'A failure table lists every step’s failure modes with the chosen response, and the engine’s retry and error-handler settings match it.',
      terms: 'resume retry halfway node fail failed partially checkpoint silently breaks',
    },
    {
      title: 'Guard releases with a flag and reversible migrations',
      purpose:
        'Ship flow and schema changes behind a feature flag, with expand-and-contract migrations so the previous version still runs; rolling back is switching the flag off.',
      check:
        'Switching the flag off in staging restores the old behaviour with no data fix-ups, and the migration’s down path was executed once.',
      terms: 'release deploy feature flag migrate migration canary rollback version',
    },
    {
      title: 'Rehearse the rollback',
      purpose:
        'On a copy of production data, inject a failure after the most dangerous step and run the rollback runbook end to end.',
      check:
        'The rehearsal restored the pre-run state (row counts and checksums match) and its duration is written in the runbook.',
      core: true,
      terms: 'rehearse test runbook restore drill plan',
    },
    {
      title: 'Add a kill switch and a blast-radius cap',
      purpose:
        'Give operators a way to stop all in-flight runs and cap how many records one run may change, so a wrong run is stopped early.',
      check:
        'The kill switch stops new steps within a minute; a run exceeding the cap halts and alerts.',
      terms: 'kill switch stop bulk cap limit mistake records',
    },
  ],
  insights: [
    'Rollback in a workflow is rarely a database rollback: steps commit as they go, so undo means running compensating actions in reverse order (the saga pattern).',
    'Emails and notifications cannot be unsent; their compensation is a correction message, so hold sends until the run can no longer fail, or batch them at the end.',
    'Capture before-images: a compensation that "sets status back to pending" is wrong when the record was "on hold" before the run.',
    'A feature flag turns a release rollback into a configuration change; keep flows and data backward compatible for one release so the flag can flip both ways.',
  ],
  risks: [
    {
      title: 'An irreversible step runs before a failure',
      severity: 'high',
      mitigation:
        'Order irreversible steps last behind a checkpoint, and inject failures at each earlier step in tests.',
    },
    {
      title: 'Compensations that were never tested',
      severity: 'high',
      mitigation:
        'Rehearse on a copy after every flow change and at least quarterly; keep the runbook next to the flow.',
    },
    {
      title: 'Partial rollback leaves inconsistent data',
      severity: 'medium',
      mitigation:
        'Unwind in reverse order from the journal, verify with row counts or checksums, and alert when a compensation fails.',
    },
    {
      title: 'Rollback races runs still in flight',
      severity: 'medium',
      mitigation: 'Pause the trigger and drain or cancel in-flight runs before compensating.',
    },
  ],
  resources: [
    {
      title: 'Saga pattern',
      url: 'https://microservices.io/patterns/data/saga.html',
      kind: 'reference',
    },
    {
      title: 'Compensating Transaction pattern (Azure Architecture Center)',
      url: 'https://learn.microsoft.com/en-us/azure/architecture/patterns/compensating-transaction',
      kind: 'reference',
    },
    {
      title: 'Feature Toggles (Martin Fowler)',
      url: 'https://martinfowler.com/articles/feature-toggles.html',
      kind: 'guide',
    },
    {
      title: 'Release engineering (Google SRE book)',
      url: 'https://sre.google/sre-book/release-engineering/',
      kind: 'guide',
    },
    runningTasks,
  ],
};
