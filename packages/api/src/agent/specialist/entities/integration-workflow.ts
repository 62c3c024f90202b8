import type { EntitySpec } from './types';

/** Vendors first: when a question names one, its specifics make the best opening sentence. */
export const vendorEntities: EntitySpec[] = [
  {
    id: 'stripe',
    match: 'stripe',
    answer:
      'Stripe retries a webhook it does not get a 2xx for, with exponential backoff for up to three days in live mode, so the same event (same evt_ id) can reach you several times and out of order.',
    insight:
      'For Stripe, verify with the official library (stripe.webhooks.constructEvent(rawBody, signatureHeader, endpointSecret)), which checks the Stripe-Signature HMAC and a five-minute timestamp tolerance, then deduplicate on event.id; send an Idempotency-Key on your own POSTs to Stripe.',
    resource: {
      title: 'Stripe: idempotent requests',
      url: 'https://docs.stripe.com/api/idempotent_requests',
      kind: 'reference',
    },
  },
  {
    id: 'github',
    match: 'github',
    answer:
      'GitHub signs every webhook delivery with X-Hub-Signature-256, an HMAC-SHA256 of the raw body keyed with your webhook secret, and does not redeliver failed deliveries automatically.',
    insight:
      'Each GitHub delivery carries a unique X-GitHub-Delivery id: use it as the idempotency key, and redeliver missed events from the webhook settings or the REST API after an outage.',
  },
  {
    id: 'shopify',
    match: 'shopify',
    answer:
      'Shopify signs webhooks with X-Shopify-Hmac-Sha256 (a base64 HMAC-SHA256 of the raw body), retries deliveries that fail or time out, and does not guarantee their order.',
    insight:
      'For Shopify, compare the resource’s updated_at with what you stored and drop older events, and answer within a few seconds: Shopify can remove a subscription after repeated failed deliveries.',
  },
  {
    id: 'salesforce',
    match: 'salesforce',
    answer:
      'Salesforce exposes each object’s fields through the describe call: compare it with your field mapping at the start of every sync and pin the API version, so a renamed or removed field stops the sync instead of writing nulls.',
    insight:
      'Map Salesforce fields by API name, not label (admins rename labels freely), and treat a missing API name as a sync error that alerts the integration owner.',
  },
  {
    id: 'hubspot',
    match: 'hubspot',
    answer:
      'HubSpot enforces short burst limits (per ten seconds) as well as daily limits per app, so a nightly sync that fires requests as fast as it can will hit 429s; pace requests and back off when told.',
    insight:
      'Use HubSpot’s batch endpoints (up to 100 records per call) and sync incrementally by last-modified date instead of full nightly pulls; both cut request counts by an order of magnitude.',
  },
  {
    id: 'twilio',
    match: 'twilio',
    answer:
      'Twilio sends status callbacks asynchronously, and one can arrive before your code has stored the message SID from the API response; upsert on the SID from either side and treat callbacks as idempotent state updates.',
    insight:
      'Validate X-Twilio-Signature (an HMAC-SHA1 over the full callback URL plus the sorted POST parameters) with Twilio’s helper library; a proxy that rewrites the URL breaks the check.',
  },
  {
    id: 'zapier',
    match: 'zapier, zap',
    insight:
      'Zapier deduplicates polling triggers on the item id, but an instant (webhook) trigger runs once per delivery, so a sender’s retry becomes a second Zap run unless an early step filters on an id you have already seen.',
  },
  {
    id: 'n8n',
    match: 'n8n',
    insight:
      'In n8n, set an error workflow (Error Trigger node) for every production workflow so failures alert someone, and use a node’s Retry On Fail only for transient errors such as timeouts and 429s.',
  },
];

export const integrationEntities: EntitySpec[] = [
  {
    id: 'webhook',
    focusAreas: ['webhook-hygiene'],
    match: 'webhook, callback',
    insight:
      'Acknowledge a webhook before doing slow work: many duplicate deliveries are the sender retrying after your handler took longer than its timeout.',
  },
  {
    id: 'retries',
    focusAreas: ['webhook-hygiene'],
    domains: ['integration_helper', 'workflow_automation'],
    match: 'retry, resend, redeliver, backoff, back off',
    insight:
      'Retries are only safe when the operation is idempotent: attach a stable key (the event id, or an Idempotency-Key header on outgoing writes) and check it before any side effect.',
  },
  {
    id: 'idempotency',
    focusAreas: ['webhook-hygiene'],
    domains: ['integration_helper', 'workflow_automation'],
    match: 'idempotency, idempotent, duplicate, twice, double, exactly once',
    insight:
      'Exactly-once delivery does not exist across a network, but exactly-once effect does: a unique constraint on the event or run key, checked in the same transaction as the write.',
    risk: {
      title: 'Dedup check outside the write’s transaction',
      severity: 'medium',
      mitigation:
        'Insert the key and apply the side effect in one transaction, so a crash between them cannot skip or double the work.',
    },
  },
  {
    id: 'signature',
    focusAreas: ['webhook-hygiene'],
    domains: ['integration_helper', 'security_audit'],
    match: 'signature, hmac, signing secret, forged, spoof',
    insight:
      'Compare signatures in constant time (crypto.timingSafeEqual in Node) over the raw body bytes, and keep the signing secret out of logs and error messages.',
  },
  {
    id: 'ordering',
    focusAreas: ['webhook-hygiene'],
    domains: ['integration_helper', 'workflow_automation'],
    match: 'out of order, ordering, arrive before',
    insight:
      'Use the object’s version or updated timestamp to drop stale events, or re-fetch the current state before applying one; never assume "created" arrives before "updated".',
  },
  {
    id: 'rate-limit',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper', 'workflow_automation'],
    match: '429, rate limit, throttle, quota',
    answer:
      'A 429 means slow down, not fail: wait as long as Retry-After says when it is present, otherwise back off exponentially with full jitter (for example base 1 s, cap 60 s), and cap the attempts.',
    insight:
      'A client-side token bucket sized to the provider’s limit avoids most 429s in the first place, and spreads load across a long sync.',
  },
  {
    id: 'pagination',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper'],
    match: 'pagination, page through, cursor, offset, million records',
    insight:
      'Offset pagination over a changing dataset skips or repeats rows when records change mid-sync; prefer cursors, or keyset pagination on (updated_at, id), and checkpoint the position.',
  },
  {
    id: 'oauth',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper', 'security_audit'],
    match: 'oauth, consent, authorization code, calendar, connect account',
    answer:
      'Use OAuth 2.0 (authorization code with PKCE): the customer grants access on the provider’s own page, you receive tokens limited to the scopes you asked for, and you never see or store their password.',
    insight:
      'Store refresh tokens encrypted, request offline access only if you need background sync, and handle revoked grants (invalid_grant) by asking the customer to reconnect.',
  },
  {
    id: 'api-keys',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper', 'security_audit'],
    match: 'api key, rotate, rotation',
    insight:
      'Allow two active keys per client so rotation is: issue the new key, deploy it, confirm traffic uses it, revoke the old one, with no downtime.',
  },
  {
    id: 'versioning',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper'],
    match: 'versioning, version, breaking change, deprecat',
    insight:
      'Announce deprecations with a date, send Deprecation and Sunset headers on old versions, and watch per-version traffic so you know who still calls them.',
  },
  {
    id: 'timeouts',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper', 'workflow_automation'],
    match: 'timeout, time out, flaky, hang',
    insight:
      'Set explicit connect and read timeouts and an overall deadline on every outbound call (for example 2 s to connect, 10 s to read); library defaults are often very long or unlimited.',
  },
  {
    id: 'schema-drift',
    focusAreas: ['api-onboarding'],
    domains: ['integration_helper'],
    match: 'schema drift, renamed, null, field mapping',
    insight:
      'Treat an unknown or missing field as a sync error, not as null: silent nulls overwrite good data downstream and are found weeks later.',
  },
];

/** Mechanisms tied to one focus area first; cross-cutting ones (approvals, messages, SLAs) after. */
export const workflowEntities: EntitySpec[] = [
  {
    id: 'timezone',
    focusAreas: ['trigger-validation'],
    domains: ['workflow_automation'],
    match: 'timezone, time zone, utc, local time, dst, daylight',
    answer:
      'Schedule each region’s run in its IANA time zone (for example America/New_York, Europe/London, Asia/Singapore) rather than a fixed UTC offset, so 9am stays 9am across daylight-saving changes.',
    insight:
      'On daylight-saving days a local 02:30 slot may not exist or may happen twice; decide per job whether to skip it or run it once.',
  },
  {
    id: 'schedule',
    focusAreas: ['trigger-validation'],
    domains: ['workflow_automation', 'integration_helper'],
    match: 'cron, nightly, scheduled, schedule',
    insight:
      'Guard scheduled jobs against overlap: take a lock or a unique run key per slot, so a slow run and the next slot never run at the same time.',
  },
  {
    id: 'loop',
    focusAreas: ['trigger-validation'],
    domains: ['workflow_automation'],
    match: 'loop, forever, itself, recursion',
    answer:
      'A flow loops when its own write matches its trigger: ignore changes made by the automation’s service identity (or a marker field it sets) and trigger only on the specific field transition you care about.',
    insight:
      'Add a circuit breaker regardless: a cap on runs per record per hour turns a future loop into an alert instead of thousands of runs.',
  },
  {
    id: 'dry-run',
    focusAreas: ['trigger-validation'],
    domains: ['workflow_automation'],
    match: 'dry run, preview',
    insight:
      'Build dry run as the same code path with side-effecting steps swapped for recorders, not a separate copy of the flow, so the preview cannot drift from the real run.',
  },
  {
    id: 'rollback',
    focusAreas: ['rollback-planning'],
    domains: ['workflow_automation'],
    match: 'rollback, roll back, undo, compensate, revert, back out',
    answer:
      'Undo in a workflow means compensating actions run in reverse order, because each step has already committed; plan one per step and keep before-images so each restores exactly what was there.',
    insight:
      'Decide up front which failures unwind and which resume: retrying a transient error is cheaper and safer than compensating a whole run.',
  },
  {
    id: 'feature-flag',
    focusAreas: ['rollback-planning'],
    domains: ['workflow_automation'],
    match: 'feature flag, kill switch, flag',
    insight:
      'A flag cannot roll back a destructive migration; keep migrations expand-and-contract so switching the flag off needs no data fix.',
  },
  {
    id: 'partial-failure',
    focusAreas: ['rollback-planning'],
    domains: ['workflow_automation'],
    match: 'halfway, partially, partial, resume, silently',
    insight:
      'Record each step’s completion under the run key, so a resumed run skips finished steps instead of repeating their side effects.',
  },
  {
    id: 'approval',
    domains: ['workflow_automation'],
    match: 'approval, approver, human, nobody answers',
    answer:
      'Give every human approval step a deadline and an explicit timeout path: remind after a day, escalate to a delegate after two, and auto-reject (never auto-approve) when it expires, re-validating the data if a late answer arrives.',
    insight:
      'Approval requests should carry everything needed to decide (what changes, for whom, the amount) and a one-click answer; most stalled approvals are missing context.',
  },
  {
    id: 'customer-messages',
    domains: ['workflow_automation'],
    match: 'email, notify, notification, spam, reminder',
    insight:
      'Customer-facing sends are irreversible: put them last, rate-limit them, and go live with an allow-list of internal recipients first.',
  },
  {
    id: 'sla',
    match: 'sla, slo',
    insight:
      'Turn the SLA into a measurable objective (for example 99% of events processed within five minutes) and alert on how fast the error budget burns, not on single failures.',
  },
];
