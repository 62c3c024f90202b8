import type { Domain } from '@capecontrol/schema';

/**
 * Each domain's vocabulary, weighted: 3 names the domain on its own ("webhook", "SOC 2"),
 * 2 is typical of it, 1 or less is a hint other domains share. Terms under a focus-area key
 * also argue for that focus area; `general` terms only for the domain. Terms are plain English
 * and normalised like questions (text.ts), so one form covers its inflections ("retry" meets
 * "retries", "retried"). The lists name each field's concepts, tools and symptoms in general;
 * they are deliberately not the wording of the labelled questions.
 *
 * Format: one `weight: term, term, …` line per weight, so the tables stay scannable.
 */
export type LexiconSource = Record<'general' | (string & {}), string>;

const workflow: LexiconSource = {
  general: `
    3: workflow, automation, n8n, zapier, ifttt, step functions, power automate, camunda, bpmn, human in the loop
    2.5: scheduled job, background job, batch job, state machine, approval chain
    2: runbook, multi-step, zap, airflow, temporal, github actions, approval, approver, escalation, handoff, hand-off, routing, job
    1.5: flow, notification, batch, pause, delay, provision
    1: orchestration, pipeline, step, branch, run, node, notify, sequence, reminder, email, assign, ticket, queue, worker, stuck, wait, retry, fail, failure
    0.5: task, ops
  `,
  'trigger-validation': `
    3: trigger, cron, infinite loop, dry run, misfire, duplicate run
    2.5: runs twice, whenever
    2: fire, kick off, schedule, timer, recurring, timezone, time zone, debounce, loop, test run, event-driven, twice
    1.5: utc, condition, exactly once, preview, record update
    1: nightly, double, event
    0.5: filter
  `,
  'rollback-planning': `
    3: rollback, roll back, compensate, compensating action, saga
    2.5: revert, undo, back out, partial failure, partially failed, feature flag, kill switch, blue green, reversible, irreversible
    2: halfway, resume, checkpoint, canary, downgrade, side effect
    1.5: restore, release, snapshot, backup
    1: deploy, migrat, cleanup
  `,
};

const analytics: LexiconSource = {
  general: `
    3: business intelligence, kpi, data warehouse, bigquery, redshift, databricks, looker, tableau, power bi, metabase, superset, mode analytics, cohort, funnel, active user, dau, mau, star schema, fact table, pivot table
    2.5: analytics, analyst, bi, metric, chart, visualization, snowflake, mrr, cac, ltv, churn, attribution, data model, nps, gmv, arpu
    2: report, warehouse, raw data, arr, retention, conversion, forecast, spreadsheet, pivot
    1.5: analysis, number, sql, query, revenue, trend, experiment, etl, elt, average, median, distinct, join, growth, ad hoc
    1: graph, table, segment, insight, data, excel, sum, count, model
    0.5: marketing, finance, sales, pipeline, stakeholder
  `,
  'semantic-governance': `
    3: semantic layer, metric definition, single source of truth, glossary, lineage, data catalog, dbt, metric store, lookml
    2.5: source of truth, data contract, discrepancy, different numbers, number match, inconsistent
    2: definition, certified, governance, dimension, mismatch, reconcile, canonical, naming convention, cube
    1.5: define, ownership, measure, match, consistent, conflicting, calculation, business logic
    1: owner
    0.5: version
  `,
  'dashboard-tuning': `
    3: dashboard, materialized view, query cost, slow query, rollup
    2.5: load time, aggregate, precompute, pre-aggregate, drill down
    2: tile, refresh, freshness, partition
    1.5: widget, slow, speed up, extract, incremental, stale, scan
    1: load, optimiz, cache, cost, filter, cadence, performance, index, cluster, real-time
    0.5: latency, timeout, page
  `,
};

const security: LexiconSource = {
  general: `
    3: security, audit, auditor, compliance, compliant, soc 2, soc2, iso 27001, 27001, hipaa, gdpr, ccpa, pci, pci dss, nist, fedramp, sox, itgc, pii, personal data, phi, data protection, dpia, data subject, risk assessment, threat model, breach, vulnerability, cve, pentest, penetration test, vendor risk, privileged, least privilege, mfa, 2fa, multi-factor, plaintext, encryption, encrypt, kms, secrets manager, siem, dlp, sast, dast, sbom, phishing, malware, zero trust, audit log, log retention
    2.5: sensitive data, privacy, remediation, questionnaire, rbac, iam, access control, at rest, firewall, former employee, leaver, offboarding, threat, attack, hardening, dpa, regulator
    2: secure, incident, finding, sso, saml, secret, in transit, tls, policy, rotate, certification, consent, regulation, insider, vault
    1.5: access, permission, credential, risk, patch, api key
    1: password, log, monitor, role, admin, framework, scan, safe
  `,
  'control-validation': `
    3: control test, cis benchmark, change management, segregation of duties, separation of duties, access review, operating effectiveness, design effectiveness, compensating control, policy as code, orphaned account, stale account
    2.5: control, misconfiguration, deprovision
    2: enforcement, exempt, revoke, user access
    1.5: enforce, exception, baseline, effective, gap, guardrail
    1: drift, verify, config
  `,
  'evidence-orchestration': `
    3: evidence, observation period, observation window, type ii, audit period, audit trail, attestation, vanta, drata, chain of custody, pbc, continuous compliance, grc
    2.5: screenshot, request list
    2: type 2, prove, population, readiness
    1.5: collect, artifact, sample
    1: export, timestamp
    0.5: show
  `,
};

const integration: LexiconSource = {
  general: `
    3: integration, rest api, graphql, connector, sdk, client library, stripe, salesforce, hubspot, shopify, twilio, zendesk, paypal, quickbooks, netsuite, microsoft graph, workato, mulesoft, ipaas, 429, rate limit, pagination, schema drift, field mapping, breaking change, external api
    2.5: api, endpoint, third-party, status code, backoff, back off, page through, 5xx, soap, grpc, cors, access token, refresh token, bearer, external service, intercom, mailchimp, sendgrid
    2: partner, sync, crm, erp, payload, quota, cursor, deprecat, 401, 4xx, poll, mtls
    1.5: github, slack, timeout, time out, retry, throttle, http, json, xml, token, upstream, mapping, jira
    1: vendor, request, response, field, provider, call, downstream, transform, google
  `,
  'api-onboarding': `
    3: first call, api key, oauth, client credentials, sandbox, openapi, swagger, postman, quickstart, developer portal, api reference, authorization code, pkce, redirect uri
    2.5: test mode, developer experience, backward compatible, consent screen, client id
    2: onboard, authenticate, hello world, sample code, code sample, changelog, sunset, migration guide, version
    1.5: getting started, scope, docs, semver
    1: document, tenant
  `,
  'webhook-hygiene': `
    3.5: webhook
    3: signature, hmac, signing secret, idempotency key, at least once
    2.5: callback, idempotency, redeliver, out of order, 2xx, retry storm, outbox
    2: idempotent, deduplicate, replay, resend, acknowledge, dead letter, event id, receiver, listener, 200 ok
    1.5: delivery, ordering, incoming, handler, fan out, secret rotation
    1: duplicate, subscription
  `,
};

export const lexiconSources: Record<Domain, LexiconSource> = {
  workflow_automation: workflow,
  data_analytics: analytics,
  security_audit: security,
  integration_helper: integration,
};

export interface LexiconEntry {
  term: string;
  weight: number;
  /** The focus area this term argues for, or null for the domain in general. */
  focus: string | null;
}

/** Parses the `weight: term, term` blocks above into entries. */
export function parseLexicon(source: LexiconSource): LexiconEntry[] {
  const entries: LexiconEntry[] = [];
  for (const [key, block] of Object.entries(source)) {
    const focus = key === 'general' ? null : key;
    for (const line of block.split('\n')) {
      const match = /^\s*(\d+(?:\.\d+)?):\s*(.+)$/.exec(line);
      if (!match?.[1] || !match[2]) continue;
      const weight = Number(match[1]);
      for (const term of match[2].split(',')) {
        if (term.trim() !== '') entries.push({ term: term.trim(), weight, focus });
      }
    }
  }
  return entries;
}
