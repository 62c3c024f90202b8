import type { Domain } from '@capecontrol/schema';

/**
 * Questions phrased the way users ask them, used to measure domain detection. They are data,
 * not lexicon: the lexicon lists each domain's vocabulary in general terms and must do well on
 * questions it has never seen (see `heldOutCases`).
 */
export interface LabelledCase {
  question: string;
  domain: Domain;
}

function byDomain(groups: Record<Domain, string[]>): LabelledCase[] {
  return Object.entries(groups).flatMap(([domain, questions]) =>
    questions.map((question) => ({ domain: domain as Domain, question })),
  );
}

export const labelledCases: LabelledCase[] = byDomain({
  workflow_automation: [
    'Our nightly cron job that syncs invoices sometimes runs twice after a deploy. How do we make sure the trigger fires exactly once?',
    "What's a safe way to roll back a multi-step approval workflow if step 4 fails after steps 1-3 already sent emails?",
    "How do I test a scheduled automation before enabling it in production so it doesn't spam customers?",
    'We want to automate new-hire setup: create accounts, order a laptop, notify the manager. How should the flow be structured?',
    'The automation triggers on every record update, including updates made by the automation itself, so it loops forever. How do I stop that?',
    'Our release process has no undo button. What does a rollback plan look like for a run that migrates data and flips a feature flag?',
    'How should we handle a human approval step that nobody answers for three days?',
    'Our n8n flows break silently when a node fails halfway. How do we make the workflow resume or compensate?',
    'Which events should kick off the invoice reminder sequence, and how do I stop it firing for customers who already paid?',
    'Our scheduled jobs run in UTC but the business wants them at 9am local time in three regions. What is the cleanest way to set up the triggers?',
    'After a partially failed run, half the orders were marked shipped. How do we design compensating steps so we can back it out?',
    'How do we add a dry-run mode to our automations so ops can preview what a run would change?',
  ],
  data_analytics: [
    'Finance and sales report different monthly revenue numbers from the same warehouse. How do we get one agreed definition?',
    'Our executive dashboard takes 40 seconds to load; where should we start optimising?',
    "How should we define 'active user' so product and marketing stop arguing about the number?",
    'Should we precompute aggregates in dbt or let Looker query the raw event tables?',
    'Which KPIs belong on a weekly churn dashboard for a B2B SaaS?',
    'Our BigQuery bill doubled after the BI team added more charts. How do we cut query cost without losing freshness?',
    'How do we document metric ownership and lineage so analysts trust the numbers in the semantic layer?',
    "The conversion funnel chart shows a drop at step 3 that doesn't show up in the raw data; how do I debug it?",
    'What is the right refresh cadence for a sales pipeline report that people check every morning?',
    'How do we stop every team from building its own slightly different version of the retention cohort table?',
    "Tableau filters make the page crawl when someone picks 'all regions'. How do we speed that up?",
    'How should we version metric definitions when the business changes what counts as a qualified lead?',
  ],
  security_audit: [
    'We have a SOC 2 Type II audit in three months. What evidence should we start collecting now?',
    'How do we prove to an auditor that quarterly access reviews actually happened?',
    'Is our MFA enforcement a real control if service accounts are exempt?',
    "What's a lightweight way to check that encryption at rest is enabled on every database and bucket?",
    'Our auditor asked for screenshots of firewall rules for the whole observation period; can we automate that?',
    'How do we verify that former employees lose access to everything within 24 hours of leaving?',
    'Which controls should we test first for ISO 27001 if we only have one security engineer?',
    'We store customer PII in the analytics warehouse. What do we need to show for GDPR?',
    'How should we track remediation of pentest findings so the audit trail holds up?',
    "How do I check that secrets aren't sitting in plaintext in our CI logs?",
    'What does a good change management control look like for a small team that deploys daily?',
    'Our vendor security questionnaire asks how we monitor privileged activity. What should we put in place?',
  ],
  integration_helper: [
    'How should we handle webhook retries from Stripe?',
    "What's the quickest way to get a partner started on our REST API: keys, sandbox, docs?",
    'We keep hitting 429s from the HubSpot API during the nightly sync. How should we back off?',
    'How do I verify the HMAC signature on incoming GitHub webhooks?',
    'Salesforce renamed a field and our sync silently writes nulls. How do we catch schema drift in an integration?',
    "What's the best way to page through 2 million records from a third-party API without missing rows?",
    'Should partners authenticate with OAuth client credentials or static API keys?',
    'Shopify sends order webhooks out of order; how do we process them correctly?',
    "How do we version our public API so existing integrations don't break?",
    'Our endpoint sometimes times out before acknowledging the webhook, so the sender keeps resending. What should the handler do?',
    'How should we document our API so a new customer can make a first successful call in under ten minutes?',
    'The vendor’s SDK swallows errors and returns undefined; how do we wrap their client so failures surface?',
  ],
});

export const ambiguousCases: string[] = [
  'Our Zapier-style flow fires twice when the CRM webhook retries.',
  'How do we keep an audit trail of who changed which dashboard?',
  'Can you help us improve our process?',
  'Should the sync that copies CRM contacts into the warehouse run on a schedule or from change events?',
  'What should we monitor?',
  'The nightly job that loads data into the warehouse failed and the morning reports are wrong.',
  'How do we rotate the API keys our integrations use without downtime?',
  'Things keep breaking after every release, where do we start?',
  "Is it safe to let the automation call the payment provider's API directly?",
  'We need better visibility into failures.',
];

/**
 * Written together with the sets above, before the lexicon was tuned, and never used for tuning:
 * their score estimates accuracy on questions the detector has not seen.
 */
export const heldOutCases: LabelledCase[] = byDomain({
  workflow_automation: [
    'When a step in our ticket escalation flow errors out, the whole thing just stops and nobody notices. How do we make it recover?',
    'What should we check before turning on a new automation that emails every customer whose trial ends?',
    'We bulk-updated 5,000 records by mistake through a workflow; how should we have planned the undo?',
  ],
  data_analytics: [
    "Our marketing team's ROAS numbers never match what finance sees. Where do we begin?",
    'The weekly metrics deck takes an analyst a full day to assemble; how do we make the numbers self-serve?',
    'Why would the same query return different totals in Metabase and in the warehouse console?',
  ],
  security_audit: [
    'How can we demonstrate least-privilege access for our production database to an external assessor?',
    'What logging do we need so we can reconstruct who did what during an incident?',
    'Our HIPAA risk assessment is overdue; what does a minimal but defensible one include?',
  ],
  integration_helper: [
    "Twilio's status callbacks sometimes arrive before our own API has saved the message; how do we handle that?",
    'How do we let customers connect their Google Calendar without storing their password?',
    "What's a sane timeout and retry policy when calling a flaky shipping-rates API?",
  ],
});
