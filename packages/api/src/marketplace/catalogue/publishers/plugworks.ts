import { defineAgent } from '../define';
import type { CataloguePublisher } from '../types';

const homepage = (agent: string) => `https://plugworks.example.com/${agent}`;

const apiMapperKnowledge = {
  title: 'Mapping between APIs',
  body: `# Mapping between APIs

## Field mapping table
Map every target field to a source field or an expression, with its type on both sides. Mark target fields with no source as "needs a default" or "needs a lookup". Name the identifier used to match records across systems (an external id stored on both sides beats matching on email or name).

## Types and formats
Dates: convert to ISO 8601 with an explicit offset (2026-05-12T09:00:00Z); never pass local times without a zone. Money: integer minor units (cents) and a currency code, never floats. Enumerations: map every source value, and decide what happens to an unknown one (reject, or a default with a warning). Boolean flags encoded as "Y"/"N" or 1/0 need explicit mapping to true and false.

## Pagination
Cursor pagination is stable while data changes; offset pagination skips or repeats records when rows are inserted during a sync. Store the last cursor or the last updated-at timestamp so a sync can resume.

## Rate limits and retries
Respect the Retry-After header on 429 responses. Retry 5xx and network errors with exponential backoff and jitter, for a bounded number of attempts. Never retry 4xx errors other than 408 and 429: they will fail again.

## Idempotency
Creating records on retry must not create duplicates: send an idempotency key when the target API supports one, or upsert on the external id.

## Partial failures
In a batch, record which items failed and why, and continue with the rest; report the failures at the end instead of stopping the whole sync.`,
};

const apiMapper = defineAgent({
  name: 'plugworks/api-mapper',
  kind: 'prompt',
  displayName: 'API mapper',
  description:
    'Maps records between two APIs or file formats: a field-by-field mapping table, type conversions, pagination, retries and idempotency for the sync.',
  category: 'integration',
  tags: ['api', 'mapping', 'sync', 'json', 'xml'],
  license: 'MIT',
  homepage: homepage('api-mapper'),
  prompt: {
    system:
      'You design data mappings between systems. From the two sides described (JSON, XML, CSV or API docs), produce a field-by-field mapping table with source, target, type conversion and notes; name the matching identifier; list fields with no source; then give the sync design: pagination, rate limits, retries, idempotency and what happens on partial failure. Write conversions as small pseudo-code expressions.',
    userTemplate: '{{input}}',
    temperature: 0.2,
    maxTokens: 1600,
  },
  knowledge: [
    apiMapperKnowledge,
    {
      title: 'XML sources',
      body: `# XML sources

## Elements and attributes
Map attributes and child elements explicitly: <order id="42"><total currency="EUR">12.50</total></order> becomes { "id": "42", "total": { "amount": 1250, "currency": "EUR" } }. Decide whether a repeated element is always an array, even when it appears once, or consumers will break on single items.

## Namespaces
Match on namespace URI and local name, not on the prefix: prefixes can change between documents.

## Empty and missing values
An empty element, a missing element and xsi:nil="true" can mean different things; keep the distinction if the target API distinguishes null from absent.`,
    },
  ],
  readme: `# API mapper

Describe the source and the target (paste sample payloads or field lists) and get a mapping table
with type conversions, the matching identifier, fields that need defaults, and a sync design that
survives pagination, rate limits and retries without duplicates.

Version 2 reads XML as well as JSON and CSV.`,
  sample:
    'Map CRM contacts to billing customers: how do we convert local dates to ISO 8601, map "Y"/"N" flags to booleans, and handle pagination and rate limits in the sync?',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release: JSON and CSV.',
      changes: { knowledge: [apiMapperKnowledge], tags: ['api', 'mapping', 'sync', 'json'] },
    },
    { version: '2.0.0', notes: 'Reads XML sources; replaces plugworks/xml-bridge.' },
  ],
});

const xmlBridge = defineAgent({
  name: 'plugworks/xml-bridge',
  kind: 'prompt',
  displayName: 'XML bridge',
  description:
    'Converts XML payloads to JSON shapes for modern APIs. Replaced by plugworks/api-mapper 2.',
  category: 'integration',
  tags: ['xml', 'json', 'conversion'],
  license: 'MIT',
  homepage: homepage('xml-bridge'),
  prompt: {
    system:
      'You convert XML documents to JSON. Keep attribute and element names, make repeated elements arrays, convert numbers and dates, and list anything ambiguous.',
    userTemplate: 'Convert to JSON:\n\n{{input}}',
    temperature: 0.1,
    maxTokens: 1200,
  },
  knowledge: [
    {
      title: 'XML to JSON rules',
      body: `# XML to JSON rules

## Attributes and elements
Attributes become properties of the element's object; text content goes in a "value" property when the element also has attributes.

## Repeated elements
When you convert XML to JSON, elements that can repeat (such as item elements in an order) become arrays, even when only one is present in the sample.

## Numbers and dates
Convert numeric text to numbers only when the schema says so: leading zeros in codes ("007") must stay strings. Dates become ISO 8601 strings.`,
    },
  ],
  readme: `# XML bridge

Converts XML payloads to JSON.

**Deprecated:** use \`plugworks/api-mapper\` 2.x, which maps XML, JSON and CSV and designs the
sync around it.`,
  sample:
    'Convert this XML order to JSON: <order id="42"><item sku="A-1"/><item sku="B-7"/></order>. Should repeated item elements become arrays?',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
  deprecatedAgent:
    'No longer maintained: plugworks/api-mapper 2.x maps XML, JSON and CSV. Install it instead.',
});

const webhookDesigner = defineAgent({
  name: 'plugworks/webhook-designer',
  kind: 'prompt',
  displayName: 'Webhook designer',
  description:
    'Designs webhook producers and consumers that hold up in production: signed payloads, retries with backoff, idempotent handlers and versioned events.',
  category: 'integration',
  tags: ['webhooks', 'events', 'hmac', 'retries', 'api'],
  license: 'MIT',
  homepage: homepage('webhook-designer'),
  prompt: {
    system:
      'You design webhooks. For a producer: event names, payload shape with an event id, type, timestamp and version, HMAC signing, the retry schedule and how subscribers are disabled after repeated failures. For a consumer: verify the signature and timestamp, respond 2xx fast and process asynchronously, deduplicate on the event id, and handle out-of-order delivery. Give concrete header names and a sample payload.',
    userTemplate: '{{input}}',
    temperature: 0.2,
    maxTokens: 1500,
  },
  knowledge: [
    {
      title: 'Webhook design',
      body: `# Webhook design

## Payloads
Every event carries an id (unique, used for deduplication), a type ("invoice.paid"), a creation timestamp, an API version, and the data. Send enough data to act on, or a reference the consumer can fetch; thin events that always require a fetch double the traffic.

## Signing
Sign the raw request body with HMAC-SHA256 using a per-subscriber signing secret, and send the signature and a timestamp in headers (for example X-Signature and X-Timestamp). Consumers recompute the HMAC over the timestamp and the raw body, compare in constant time, and reject requests older than five minutes to stop replays. Support two active signing secrets during rotation.

## Delivery and retries
Treat any non-2xx response or a timeout (for example 10 seconds) as a failure. Retry with exponential backoff and jitter over about three days (1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h). After repeated failures, disable the subscription and notify its owner. Provide a way to replay events from a date.

## Consumers
Respond 2xx immediately after verifying the signature and storing the event; do the work in a background job. Deduplicate on the event id: delivery is at least once. Do not assume order: compare timestamps or versions before applying an update, or fetch the current state.

## Versioning
Pin each subscription to the API version it was created with; add fields freely, but remove or rename only in a new version.`,
    },
  ],
  readme: `# Webhook designer

Describe the events you want to send or receive and get a production-ready design: payload shape,
HMAC signing with replay protection, retry schedule, idempotent consumers and versioning.`,
  sample:
    'Design the webhook for invoice.paid events: how do we sign payloads with HMAC, what retry schedule should we use, and how does the consumer stay idempotent when the same event is delivered twice?',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const slackNotifier = defineAgent({
  name: 'plugworks/slack-notifier',
  kind: 'prompt',
  displayName: 'Slack notifier',
  description:
    'Formats alerts, reports and announcements as Slack messages (mrkdwn and Block Kit) for a channel of your choice.',
  category: 'integration',
  tags: ['slack', 'notifications', 'chatops', 'block-kit'],
  license: 'MIT',
  homepage: homepage('slack-notifier'),
  prompt: {
    system:
      'You format notifications for Slack. Produce a message for the channel {{config.channel}}: a one-line summary with the most important fact first, then details as a short bulleted list, then a link or next step if one is given. Use Slack mrkdwn (*bold*, _italic_, `code`, <url|text> links) and, when asked, the equivalent Block Kit JSON with header, section and context blocks. Mention people only when the request names them.',
    userTemplate: '{{input}}',
    temperature: 0.3,
    maxTokens: 900,
  },
  config: [
    {
      key: 'channel',
      label: 'Channel',
      type: 'string',
      required: true,
      default: '#general',
      description: 'The channel the messages are written for, e.g. #deployments.',
    },
    {
      key: 'botToken',
      label: 'Slack bot token',
      type: 'string',
      required: true,
      secret: true,
      description:
        'The bot token of your Slack app; stored encrypted and used only to reach slack.com.',
    },
  ],
  permissions: { network: ['slack.com'], tools: ['http.fetch'] },
  knowledge: [
    {
      title: 'Slack message formatting',
      body: `# Slack message formatting

## mrkdwn
Slack's markup: *bold* with single asterisks, _italic_ with underscores, ~strike~ with tildes, \`code\` and code blocks with backticks, > for quotes. Links are written <https://example.com|link text>. Mention a user with <@USERID>, a channel with <#CHANNELID>, and everyone in a channel with <!here> (use sparingly).

## Block Kit
A message is a list of blocks: a header block (plain text, at most 150 characters), section blocks (mrkdwn text up to 3,000 characters, optional fields shown in two columns), divider, and context blocks for small print such as timestamps. Keep a plain "text" fallback on every message: it is what notifications and screen readers show.

## Alert messages
First line: what happened and how bad ("🔴 Checkout errors at 12% in eu-west"). Then: since when, the impact, the link to the dashboard or runbook, and who is on it. Resolve alerts in a thread reply and update the first message, so the channel does not fill with noise.

## Announcements
Lead with the outcome for the reader, not the process. Keep it under five lines; link to the details.

## Limits
A message has at most 50 blocks; a section's text at most 3,000 characters. Rate limits apply per channel: roughly one message per second.`,
    },
  ],
  readme: `# Slack notifier

Describe an alert, a report or an announcement and get a well-formed Slack message (mrkdwn or
Block Kit JSON) for your channel: the most important fact first, details in a short list.

## Configuration
- **Channel** (required): the channel the messages are written for.
- **Slack bot token** (required, secret): stored encrypted, never shown again, and only ever sent
  to slack.com, the one host this agent may reach.`,
  sample:
    'Format an alert message for Slack with Block Kit: checkout errors are at 12% in eu-west since 14:05 UTC, the payment team is on it, dashboard link to follow.',
  versions: [
    {
      version: '1.0.0',
      notes: 'First release: mrkdwn messages.',
      changes: {
        prompt: {
          system:
            'You format notifications for Slack in mrkdwn for the channel {{config.channel}}: a one-line summary with the most important fact first, then details as a short bulleted list.',
          userTemplate: '{{input}}',
          temperature: 0.3,
          maxTokens: 700,
        },
      },
    },
    { version: '2.0.0', notes: 'Block Kit output; alert and announcement templates.' },
  ],
});

const cronHelper = defineAgent({
  name: 'plugworks/cron-helper',
  kind: 'prompt',
  displayName: 'Cron helper',
  description:
    'Writes and explains cron schedules, with the next run times, time zone and daylight saving traps, and overlap protection for long jobs.',
  category: 'automation',
  tags: ['cron', 'scheduling', 'jobs', 'automation'],
  license: 'MIT',
  homepage: homepage('cron-helper'),
  prompt: {
    system:
      'You write and explain cron schedules. For a schedule, explain each of the five fields, give the next five run times in the stated time zone, and warn about daylight saving time, day-of-month and day-of-week combinations, and overlapping runs. When asked for a schedule, give the expression and its explanation. Time zone when none is stated: {{config.timezone}}.',
    userTemplate: '{{input}}',
    temperature: 0.1,
    maxTokens: 800,
  },
  config: [
    {
      key: 'timezone',
      label: 'Default time zone',
      type: 'string',
      default: 'UTC',
      description: 'An IANA time zone such as Europe/Berlin, used when a request names none.',
    },
  ],
  knowledge: [
    {
      title: 'Cron schedules',
      body: `# Cron schedules

## The five fields
minute (0–59), hour (0–23), day of month (1–31), month (1–12), day of week (0–6, Sunday is 0; 7 is also Sunday in many implementations). "*" means every value, "*/15" every 15th, "1-5" a range, "1,15" a list.

## Common schedules
- Every 15 minutes: */15 * * * *
- Every weekday at 09:00: 0 9 * * 1-5
- First day of every month at 02:30: 30 2 1 * *
- Every Sunday at midnight: 0 0 * * 0

## Day of month and day of week together
When both fields are restricted, classic cron runs the job when either matches, not both: "0 9 1 * 1" runs on the 1st and on every Monday. To run on the first Monday, schedule every Monday for days 1-7 and check the date in the job.

## Time zones and daylight saving
Cron runs in the scheduler's time zone, usually UTC on servers. With a local time zone, jobs between 02:00 and 03:00 can run twice or not at all on daylight saving changes. Schedule important jobs in UTC, or outside that hour.

## Long-running jobs
If a run can take longer than the interval, runs overlap. Take a lock (a database advisory lock or a lock file) at the start, and skip the run when the lock is held. Log the start, end and duration of each run, and alert when a run is missed.

## Kubernetes and cloud schedulers
Kubernetes CronJob uses the same five fields and supports a timeZone field; set concurrencyPolicy: Forbid to prevent overlaps. Cloud schedulers often add a seconds field or use a different syntax: check the documentation.`,
    },
  ],
  readme: `# Cron helper

Ask "what does 30 2 1 * * mean?" or "run this every weekday at 9 in Berlin" and get the cron
expression, a field-by-field explanation, the next run times and the traps: daylight saving,
day-of-month with day-of-week, and overlapping runs.

## Configuration
- **Default time zone**: used when a request names none (UTC by default).`,
  sample:
    'Write a cron schedule that runs a backup job every weekday at 02:30 in Europe/Berlin. Will daylight saving time or overlapping runs cause problems?',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

const integrationBlueprint = defineAgent({
  name: 'plugworks/integration-blueprint',
  kind: 'workflow',
  displayName: 'Integration blueprint',
  description:
    'Plans a two-system integration end to end: the field mapping and sync design, the webhooks for real-time updates, and the schedule for the nightly reconciliation.',
  category: 'integration',
  tags: ['integration', 'sync', 'webhooks', 'workflow'],
  license: 'MIT',
  homepage: homepage('integration-blueprint'),
  dependencies: {
    'plugworks/api-mapper': '^2.0.0',
    'plugworks/webhook-designer': '^1.0.0',
    'plugworks/cron-helper': '^1.0.0',
  },
  workflow: {
    steps: [
      {
        id: 'mapping',
        agent: 'plugworks/api-mapper',
        input: '{{input}}',
        description: 'field mapping and sync design',
      },
      {
        id: 'webhooks',
        agent: 'plugworks/webhook-designer',
        input:
          'Design the webhooks that keep this integration up to date in real time, with signing, retries and idempotent consumers.\n\nIntegration:\n{{input}}',
        description: 'real-time updates',
      },
      {
        id: 'schedule',
        agent: 'plugworks/cron-helper',
        input:
          'Write the cron schedule for a nightly reconciliation job of this integration at 02:30 UTC, with overlap protection.\n\nIntegration:\n{{input}}',
        description: 'the nightly reconciliation schedule',
      },
    ],
  },
  readme: `# Integration blueprint

Describe the two systems you want to connect and what should flow between them. Three steps: the
field mapping with its sync design, the webhooks for real-time updates, and the schedule of a
nightly reconciliation job.`,
  sample:
    'Connect our CRM to the billing API: contacts become customers (id, name, email, created date), and changes in the CRM should reach billing within a minute.',
  versions: [{ version: '1.0.0', notes: 'First release.' }],
});

export const plugworks: CataloguePublisher = {
  scope: 'plugworks',
  displayName: 'PlugWorks',
  verified: false,
  agents: [apiMapper, xmlBridge, webhookDesigner, slackNotifier, cronHelper, integrationBlueprint],
};
