import { domains, specialistPlanSchema, type Domain } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { composeOfflinePlan, type PlanDetection } from './compose';
import { detectDomain } from './detect';
import { ambiguousCases, heldOutCases, labelledCases } from './detection-cases';
import { domainCatalogue } from './domains';
import { entities } from './entities';
import { playbooks } from './playbooks';
import { tokenize } from './text';

function chosen(domain: Domain, focusArea: string): PlanDetection {
  return { domain, focusArea, confidence: 1, chosen: true, runnerUp: null };
}

function planFor(question: string) {
  return composeOfflinePlan(question, detectDomain(question));
}

function allText(plan: ReturnType<typeof planFor>): string {
  return JSON.stringify(plan).toLowerCase();
}

describe('playbooks', () => {
  it('exist for exactly the catalogue’s domain × focus areas, each a complete procedure', () => {
    for (const domain of domains) {
      const ids = domainCatalogue[domain].focusAreas.map((area) => area.id);
      expect(playbooks[domain].map((playbook) => playbook.focusArea)).toEqual(ids);
      for (const playbook of playbooks[domain]) {
        expect(playbook.steps.length).toBeGreaterThanOrEqual(4);
        expect(playbook.steps.length).toBeLessThanOrEqual(8);
        expect(playbook.steps.filter((step) => step.core).length).toBeGreaterThanOrEqual(3);
        expect(playbook.insights.length).toBeGreaterThanOrEqual(3);
        expect(playbook.risks.length).toBeGreaterThanOrEqual(3);
        for (const resource of playbook.resources)
          expect(resource.url).toMatch(/^(\/docs\/[a-z0-9-]+|https:\/\/)/);
      }
    }
  });
});

describe('entities', () => {
  it('have unique ids, known focus areas and match terms that survive normalisation', () => {
    const ids = entities.map((entity) => entity.id);
    expect(new Set(ids).size).toBe(ids.length);
    const focusIds = domains.flatMap((domain) =>
      domainCatalogue[domain].focusAreas.map((area) => area.id),
    );
    for (const entity of entities) {
      for (const focus of entity.focusAreas ?? []) expect(focusIds, entity.id).toContain(focus);
      // They end up in plans verbatim, so they must fit the plan schema's limits.
      expect(entity.insight.length, entity.id).toBeLessThanOrEqual(600);
      expect(entity.answer?.length ?? 0, entity.id).toBeLessThanOrEqual(600);
      for (const term of entity.match.split(',').map((part) => part.trim())) {
        // A phrase that loses all but one word to stopwords ("who changed" -> "chang") would
        // match far more questions than it means to.
        const words = term.split(/[^a-z0-9]+/i).filter(Boolean).length;
        const tokens = tokenize(term).length;
        expect(words === 1 ? tokens === 1 : tokens >= 2, `${entity.id}: "${term}"`).toBe(true);
      }
    }
  });
});

describe('composeOfflinePlan', () => {
  it('produces a valid plan for every domain × focus area', () => {
    for (const domain of domains) {
      for (const area of domainCatalogue[domain].focusAreas) {
        const plan = composeOfflinePlan(
          `Where do we start with ${area.title.toLowerCase()}?`,
          chosen(domain, area.id),
        );
        expect(specialistPlanSchema.safeParse(plan).error).toBeUndefined();
        expect(plan.focusArea).toBe(area.id);
        expect(plan.playbook.length).toBeGreaterThanOrEqual(4);
        expect(plan.playbook.length).toBeLessThanOrEqual(8);
      }
    }
  });

  it('produces a valid plan for every question in the detection sets', () => {
    const questions = [...labelledCases, ...heldOutCases]
      .map((c) => c.question)
      .concat(ambiguousCases);
    for (const question of questions) {
      expect(specialistPlanSchema.safeParse(planFor(question)).error, question).toBeUndefined();
    }
  });

  it('tailors a webhook-retry question to idempotency, retries and signatures', () => {
    const plan = planFor('How should we handle webhook retries from Stripe?');
    const text = allText(plan);
    expect(plan.focusArea).toBe('webhook-hygiene');
    for (const word of ['idempoten', 'retr', 'signature', 'event id']) expect(text).toContain(word);
    expect(plan.answer).toMatch(/Stripe retries/);
    expect(plan.answer).toMatch(/Step \d \(deduplicate on the event id\)/);
    expect(plan.resources.some((resource) => resource.url.includes('stripe.com'))).toBe(true);
  });

  it('brings up what the question names', () => {
    expect(
      planFor('We have a SOC 2 Type II audit in three months. What evidence should we collect now?')
        .answer,
    ).toMatch(/observation period/);
    expect(
      allText(planFor('Our BigQuery bill doubled after we added more charts to the dashboard')),
    ).toContain('bytes scanned');
    expect(
      planFor('Our scheduled jobs run in UTC but the business wants 9am local time').answer,
    ).toMatch(/IANA time zone/);
    expect(
      allText(planFor('We store customer PII in the warehouse, what do we need for GDPR?')),
    ).toContain('art. 30');
  });

  it('picks the steps the question is about', () => {
    const titles = (question: string) => planFor(question).playbook.map((step) => step.title);
    const timezone = titles('Our cron triggers fire at the wrong hour after the time zone change');
    expect(timezone).toContain('Pin schedules to a time zone and a slot');
    expect(timezone).not.toContain('Break self-trigger loops');
    expect(titles('The automation trigger loops forever on its own record updates')).toContain(
      'Break self-trigger loops',
    );
  });

  it('differs between questions of the same focus area', () => {
    const a = planFor('How do I verify the HMAC signature on incoming GitHub webhooks?');
    const b = planFor('Shopify sends order webhooks out of order; how do we process them?');
    expect(a.focusArea).toBe(b.focusArea);
    expect(a.answer).not.toBe(b.answer);
    expect(a.insights).not.toEqual(b.insights);
  });

  it('says when the domain is uncertain and names the alternative', () => {
    const plan = planFor('Our Zapier-style flow fires twice when the CRM webhook retries.');
    expect(plan.answer).toMatch(/confidence/);
    expect(plan.answer).toContain('integration_helper');
  });

  it('does not repeat itself and is deterministic', () => {
    const question =
      'Our endpoint times out before acknowledging the webhook, so the sender keeps resending';
    const plan = planFor(question);
    expect(new Set(plan.insights).size).toBe(plan.insights.length);
    expect(planFor(question)).toEqual(plan);
  });

  it('uses the context as well as the question', () => {
    const detection = chosen('integration_helper', 'api-onboarding');
    const without = composeOfflinePlan('How do we sync contacts?', detection);
    const withContext = composeOfflinePlan(
      'How do we sync contacts?',
      detection,
      'HubSpot answers 429 after a few minutes',
    );
    expect(withContext.answer).toMatch(/HubSpot/);
    expect(without.answer).not.toMatch(/HubSpot/);
  });
});
