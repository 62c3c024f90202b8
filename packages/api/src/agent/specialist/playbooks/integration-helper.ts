import type { Playbook } from './types';

const retriesGuide = {
  title: 'Timeouts, retries and backoff with jitter (Amazon Builders’ Library)',
  url: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/',
  kind: 'guide',
} as const;

export const apiOnboarding: Playbook = {
  focusArea: 'api-onboarding',
  approach:
    'Get to a safe first call quickly, then harden. Pick the right credential (OAuth for acting on a user’s or customer’s behalf, scoped server keys for server-to-server), start in the sandbox, wrap the API in one client module that owns auth, timeouts, retries with backoff on 429 and 5xx, pagination and error mapping, and pin the API version so upstream changes cannot break you silently.',
  steps: [
    {
      title: 'Choose the auth model',
      purpose:
        'Use the OAuth 2.0 authorization-code flow with PKCE when acting for a user or customer account; client credentials or scoped API keys for server-to-server calls; never collect users’ passwords.',
      check:
        'The credential type and its scopes are documented, and no credential grants more scopes than the integration uses.',
      core: true,
      terms:
        'oauth api keys client credentials authenticate password scope token connect customers',
    },
    {
      title: 'Store and rotate credentials',
      purpose:
        'Keep keys and refresh tokens in a secrets manager per environment, with an owner and a rotation procedure that accepts two valid keys during the switch.',
      check:
        'Rotating a key in staging causes no failed requests, and no credential appears in code, logs or tickets.',
      terms: 'keys rotate rotation secret credential token refresh downtime',
    },
    {
      title: 'Make the first call in the sandbox',
      purpose:
        'Use the provider’s sandbox or test mode with a minimal request from the docs, OpenAPI spec or Postman collection, and record the exact request and response.',
      check: 'A scripted first call succeeds in the sandbox and stays in CI as a smoke test.',
      core: true,
      terms: 'sandbox first call test mode postman openapi quickstart started partner',
    },
    {
      title: 'Wrap the API in one client module',
      purpose:
        'One module owns base URL, auth, timeouts, retries, pagination and the mapping of provider errors to yours; nothing else calls the API directly.',
      check:
        'API calls appear only in that module, and every error path returns a typed error instead of undefined or a swallowed exception.',
      core: true,
      terms: 'sdk client wrap errors library undefined swallows vendor',
    },
    {
      title: 'Handle rate limits and transient failures',
      purpose:
        'Retry 429 and 5xx responses with exponential backoff and jitter, honour Retry-After, cap attempts, and only retry writes that carry an idempotency key.',
      check:
        'Against a stub that answers 429 with Retry-After and then 200, the client waits as told and succeeds; a persistent 500 fails after the cap with a clear error.',
      core: true,
      terms:
        '429 rate limit retry backoff back off throttle 5xx timeout quota nightly sync hitting flaky',
    },
    {
      title: 'Paginate completely and resumably',
      purpose:
        'Use cursor pagination where offered, checkpoint the cursor so a failed sync resumes, and for offset paging sort by a stable key so rows are neither skipped nor repeated.',
      check:
        'A full sync’s record count equals the provider’s reported total, and a sync killed halfway resumes without duplicates.',
      terms: 'pagination page through cursor million records missing rows sync',
    },
    {
      title: 'Pin the version and detect schema drift',
      purpose:
        'Pin the API version, validate responses against a schema at the boundary, and alert on unexpected or missing fields.',
      check:
        'In tests, a response with a renamed field fails validation and raises an alert instead of writing nulls.',
      terms: 'version schema drift field renamed breaking change nulls deprecation',
    },
    {
      title: 'Document your own API for integrators',
      purpose:
        'If you expose an API: publish an OpenAPI spec, a quickstart reaching a first successful call in minutes, sandbox keys, copy-paste examples, a changelog and a deprecation policy.',
      check:
        'A developer new to the API follows the quickstart unaided and makes a successful call in under ten minutes.',
      terms:
        'document docs partner customer openapi changelog version public existing integrations',
    },
  ],
  insights: [
    'A 429 with Retry-After is the provider telling you when to come back; honour it, and spread scheduled syncs with jitter so every tenant does not hit the limit in the same minute.',
    'Only retry writes that are idempotent: send an idempotency key so a retried POST cannot create a second order or charge.',
    'Validate what you receive at the boundary: a schema check turns a silently renamed field into a loud, early error.',
    'Version a public API explicitly (a date or a major version) and keep old versions working for a stated period; additive changes need no new version, removals and renames do.',
    'Time to first successful call is the best single measure of onboarding friction for your integrators; measure it.',
  ],
  risks: [
    {
      title: 'Over-scoped or shared credentials',
      severity: 'high',
      mitigation:
        'Request the least scopes, use separate keys per environment and integration, and rotate on staff changes.',
    },
    {
      title: 'Silent data loss from schema drift',
      severity: 'high',
      mitigation: 'Validate responses at the boundary and alert on unknown or missing fields.',
    },
    {
      title: 'Retry storms amplify an outage',
      severity: 'medium',
      mitigation: 'Exponential backoff with jitter, a retry budget and a circuit breaker.',
    },
    {
      title: 'Upstream deprecation breaks production',
      severity: 'medium',
      mitigation:
        'Pin versions, follow the provider’s changelog, and test the next version in CI before switching.',
    },
  ],
  resources: [
    {
      title: 'The CapeControl API: procedures, authentication, errors',
      url: '/docs/api-reference',
      kind: 'doc',
    },
    {
      title: 'OAuth 2.0 Security Best Current Practice (RFC 9700)',
      url: 'https://datatracker.ietf.org/doc/html/rfc9700',
      kind: 'reference',
    },
    retriesGuide,
    {
      title: 'OpenAPI Specification',
      url: 'https://spec.openapis.org/oas/latest.html',
      kind: 'reference',
    },
    {
      title: 'HTTP Retry-After (RFC 9110)',
      url: 'https://www.rfc-editor.org/rfc/rfc9110#name-retry-after',
      kind: 'reference',
    },
  ],
};

export const webhookHygiene: Playbook = {
  focusArea: 'webhook-hygiene',
  approach:
    'Assume every webhook can arrive more than once, late, out of order or forged. Verify the signature on the raw body, store the event and answer 2xx within a few seconds, process it asynchronously and idempotently keyed on the provider’s event id, and re-read current state from the API when order matters.',
  steps: [
    {
      title: 'Verify the signature on the raw body',
      purpose:
        'Check the HMAC signature (for example Stripe-Signature or X-Hub-Signature-256) against the raw request bytes with the signing secret, compare in constant time, and reject timestamps outside a tolerance window to stop replays.',
      check:
        'A request with a tampered body or a timestamp older than five minutes is rejected with 400 and logged; a genuine test event passes.',
      core: true,
      terms: 'signature hmac verify secret forged replay incoming',
    },
    {
      title: 'Acknowledge fast, process later',
      purpose:
        'Persist the raw event and return 2xx immediately, well within the sender’s timeout, then process it from a queue.',
      check:
        'The handler’s p99 response time is far below the sender’s timeout, and slow downstream work no longer causes redeliveries.',
      core: true,
      terms:
        'timeout times out acknowledge acknowledging 2xx queue resend resending keeps slow handler',
    },
    {
      title: 'Deduplicate on the event id',
      purpose:
        'Record each processed event id under a unique constraint, in the same transaction as the side effect, and skip ids already seen.',
      check:
        'Replaying one event five times produces one side effect, and the duplicates are logged as skipped.',
      core: true,
      terms: 'retry retries duplicate idempotency idempotent event id twice resend redeliver fires',
    },
    {
      title: 'Handle ordering explicitly',
      purpose:
        'Do not trust arrival order: compare event timestamps or object versions and ignore stale updates, or re-fetch the object and act on its current state.',
      check:
        'Delivering "updated" before "created" in a test still ends in the correct final state.',
      terms: 'order out of order sequence before arrive version fetch saved',
    },
    {
      title: 'Retry your own processing safely',
      purpose:
        'When processing fails, retry from the queue with backoff and move exhausted events to a dead-letter queue with an alert, instead of failing the HTTP request.',
      check:
        'A poison event lands in the dead-letter queue after N attempts and raises an alert while other events keep flowing.',
      terms: 'retry fail dead letter queue backoff',
    },
    {
      title: 'Reconcile and replay',
      purpose:
        'Periodically list recent events or objects through the provider’s API, compare with what you processed, and use the provider’s resend tools to recover gaps.',
      check:
        'A deliberately dropped event is detected by the reconciliation job within one cycle and recovered.',
      terms: 'missing replay reconcile resend gap lost',
    },
    {
      title: 'Rotate secrets and restrict the endpoint',
      purpose:
        'Accept two signing secrets during rotation, serve only HTTPS, and where the provider publishes them, allow-list its IP ranges.',
      check: 'Rotating the signing secret in staging causes no rejected genuine events.',
      terms: 'secret rotation https ip allow',
    },
    {
      title: 'Monitor deliveries',
      purpose:
        'Count received, verified, duplicate, failed and dead-lettered events per type, watch the provider’s delivery-failure view, and alert on rising failures.',
      check: 'A spike in signature failures or 5xx responses raises an alert within minutes.',
      core: true,
      terms: 'monitor delivery failures alert',
    },
  ],
  insights: [
    'Webhook delivery is at-least-once, so idempotency is the receiver’s job; key on the provider’s event id, not a payload hash (a retry can carry updated fields).',
    'Many duplicate deliveries are self-inflicted: the handler did slow work before responding, the sender timed out and retried. Respond first, process later.',
    'Verify against the raw bytes: parsing the JSON and re-serialising it changes whitespace and breaks the HMAC.',
    'Providers rarely guarantee order; treat a webhook as "something changed" and read current state from the API when order matters.',
  ],
  risks: [
    {
      title: 'Forged or replayed webhooks',
      severity: 'high',
      mitigation: 'Verify signatures with a timestamp tolerance; reject and log failures.',
    },
    {
      title: 'Duplicate side effects (double fulfilment, double emails)',
      severity: 'high',
      mitigation: 'A unique event-id table checked in the same transaction as the side effect.',
    },
    {
      title: 'The sender disables the endpoint after repeated failures',
      severity: 'medium',
      mitigation:
        'Acknowledge fast, dead-letter bad events instead of answering 5xx, and alert on the failure rate.',
    },
    {
      title: 'Events lost during an outage',
      severity: 'medium',
      mitigation: 'Reconcile against the provider’s events API and replay the gaps.',
    },
  ],
  resources: [
    {
      title: 'Stripe: receive webhook events',
      url: 'https://docs.stripe.com/webhooks',
      kind: 'reference',
    },
    {
      title: 'Standard Webhooks specification',
      url: 'https://www.standardwebhooks.com/',
      kind: 'reference',
    },
    {
      title: 'GitHub: validating webhook deliveries',
      url: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries',
      kind: 'reference',
    },
    {
      title: 'Making retries safe with idempotent APIs (Amazon Builders’ Library)',
      url: 'https://aws.amazon.com/builders-library/making-retries-safe-with-idempotent-APIs/',
      kind: 'guide',
    },
    retriesGuide,
  ],
};
