import type { Domain, PlaybookStep, SpecialistPlan } from '@capecontrol/schema';
import { LOW_CONFIDENCE } from './detect';
import { domainCatalogue, focusAreaOf } from './domains';
import { findEntities, type EntitySpec } from './entities';
import {
  playbookFor,
  type Playbook,
  type PlaybookStepSpec,
  type ResourceLink,
  type Risk,
} from './playbooks';
import { tokenize } from './text';

/** What composing needs from detection (a `DetectionResult` fits). */
export interface PlanDetection {
  domain: Domain;
  focusArea: string;
  confidence: number;
  chosen: boolean;
  runnerUp: { domain: Domain; confidence: number } | null;
}

// Long enough to be a real procedure, short enough to be read: the schema allows 3–10.
const MIN_STEPS = 5;
const MAX_STEPS = 7;
// An optional step joins when the question names what it is about, or mentions it twice over;
// one incidental word in its purpose ("changes") is not enough.
const RELEVANT = 2;
const MAX_INSIGHTS = 6;
const MAX_RISKS = 4;
const MAX_RESOURCES = 5;
const MAX_ENTITY_ANSWERS = 2;
// Share of words two texts may have in common before the later one counts as a repeat.
const NEAR_DUPLICATE = 0.5;

/** How many distinct question tokens an item's text mentions. */
function relevance(questionTokens: ReadonlySet<string>, ...texts: (string | undefined)[]): number {
  const itemTokens = new Set(tokenize(texts.filter(Boolean).join(' ')));
  let score = 0;
  for (const token of itemTokens) if (questionTokens.has(token)) score += 1;
  return score;
}

/**
 * Each question word counts once per step: double when the title or the curated terms name it
 * (that is what the step is about), single when only the purpose or check mentions it. Words in
 * most of the playbook's steps ("trigger" in trigger validation) describe the playbook, not a
 * step, so they are ignored.
 */
function scoreSteps(playbook: Playbook, questionTokens: ReadonlySet<string>): number[] {
  const described = playbook.steps.map((step) => ({
    about: new Set(tokenize(`${step.title} ${step.terms ?? ''}`)),
    mentions: new Set(tokenize(`${step.purpose} ${step.check}`)),
  }));
  const common = (token: string) =>
    described.filter(({ about, mentions }) => about.has(token) || mentions.has(token)).length >
    playbook.steps.length / 2;
  const informative = [...questionTokens].filter((token) => !common(token));
  return described.map(({ about, mentions }) =>
    informative.reduce(
      (score, token) => score + (about.has(token) ? 2 : mentions.has(token) ? 1 : 0),
      0,
    ),
  );
}

/**
 * True when most of `text`'s words are already in one of `earlier`: entity facts and playbook
 * insights sometimes say the same thing, and a plan that repeats itself reads as filler.
 */
function repeats(text: string, earlier: readonly string[]): boolean {
  const words = new Set(tokenize(text));
  return earlier.some((other) => {
    const otherWords = new Set(tokenize(other));
    let shared = 0;
    for (const word of words) if (otherWords.has(word)) shared += 1;
    return shared / Math.min(words.size, otherWords.size) > NEAR_DUPLICATE;
  });
}

function withoutRepeats(texts: string[], earlier: readonly string[] = []): string[] {
  const kept: string[] = [];
  for (const text of texts) if (!repeats(text, [...earlier, ...kept])) kept.push(text);
  return kept;
}

/** Stable sort by descending score: ties keep the playbook's own order (its authors' priority). */
function byRelevance<TItem>(items: TItem[], score: (item: TItem) => number): TItem[] {
  return items
    .map((item, index) => ({ item, index, score: score(item) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * Core steps always; optional ones when the question touches them, most relevant first, topped
 * up to MIN_STEPS. The result keeps the playbook's order, because steps depend on earlier ones
 * (you verify a signature before you deduplicate); relevance decides which steps, not the order.
 */
function selectSteps(playbook: Playbook, questionTokens: ReadonlySet<string>) {
  const scores = scoreSteps(playbook, questionTokens);
  const scored = playbook.steps.map((step, index) => ({ step, index, score: scores[index] ?? 0 }));
  const chosen = new Set(scored.filter(({ step }) => step.core).map(({ index }) => index));
  const optional = scored
    .filter(({ step }) => !step.core)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  for (const candidate of optional) {
    if (chosen.size >= MAX_STEPS) break;
    if (candidate.score >= RELEVANT || chosen.size < MIN_STEPS) chosen.add(candidate.index);
  }
  const selected = scored.filter(({ index }) => chosen.has(index));
  const focus = [...selected].sort((a, b) => b.score - a.score || a.index - b.index)[0];
  return {
    steps: selected.map(({ step }) => step),
    /** The step most specific to the question, if any step matched at all. */
    focusStep: focus && focus.score >= RELEVANT ? focus.step : null,
  };
}

function toStep(spec: PlaybookStepSpec): PlaybookStep {
  return { title: spec.title, purpose: spec.purpose, check: spec.check };
}

function uniqueBy<TItem>(items: TItem[], key: (item: TItem) => string): TItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

function composeAnswer(
  playbook: Playbook,
  detection: PlanDetection,
  found: EntitySpec[],
  steps: PlaybookStepSpec[],
  focusStep: PlaybookStepSpec | null,
  topRisk: Risk | undefined,
): string {
  const paragraphs: string[] = [];
  const direct = withoutRepeats(
    found.flatMap((entity) => (entity.answer ? [entity.answer] : [])),
    [playbook.approach],
  ).slice(0, MAX_ENTITY_ANSWERS);
  paragraphs.push([...direct, playbook.approach].join(' '));

  const list = steps.map((step, i) => `${i + 1}. ${step.title}`).join('; ');
  let plan = `The plan below has ${steps.length} steps, each with a check that tells you it is done: ${list}.`;
  if (focusStep) {
    plan += ` Step ${steps.indexOf(focusStep) + 1} (${lowerFirst(focusStep.title)}) is the one most specific to your question: ${lowerFirst(focusStep.purpose)}`;
  }
  paragraphs.push(plan);
  if (topRisk)
    paragraphs.push(`Biggest risk to watch: ${lowerFirst(topRisk.title)}. ${topRisk.mitigation}`);

  const domainTitle = domainCatalogue[detection.domain].title;
  const focusTitle = focusAreaOf(detection.domain, detection.focusArea).title;
  if (!detection.chosen && detection.confidence < LOW_CONFIDENCE) {
    const percent = Math.round(detection.confidence * 100);
    paragraphs.push(
      detection.runnerUp
        ? `I read this as ${domainTitle.toLowerCase()} (${focusTitle.toLowerCase()}) with ${percent}% confidence; it also reads as ${domainCatalogue[detection.runnerUp.domain].title.toLowerCase()}. If that fits better, ask again with the domain set to ${detection.runnerUp.domain}.`
        : `The question gave few specifics, so I read it as ${domainTitle.toLowerCase()} (${focusTitle.toLowerCase()}) with ${percent}% confidence. Naming the system, the tools involved and what went wrong will sharpen the plan.`,
    );
  }
  return paragraphs.join('\n\n');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The offline engine's plan: the focus area's playbook tailored to the question. Steps, insights,
 * risks and resources are chosen by the question's words and the things it names (vendors,
 * standards, mechanisms); the answer opens with what is specific to those. Deterministic.
 */
export function composeOfflinePlan(
  question: string,
  detection: PlanDetection,
  context?: string,
): SpecialistPlan {
  const playbook = playbookFor(detection.domain, detection.focusArea);
  const tokens = tokenize([question, context ?? ''].join(' '));
  const questionTokens = new Set(tokens);
  const found = findEntities(tokens, detection.domain, playbook.focusArea);

  const { steps, focusStep } = selectSteps(playbook, questionTokens);
  const insights = withoutRepeats([
    ...found.map((entity) => entity.insight),
    ...byRelevance(playbook.insights, (insight) => relevance(questionTokens, insight)),
  ]).slice(0, MAX_INSIGHTS);
  // The playbook's most relevant risk leads; risks specific to named things follow it.
  const [topRisk, ...otherRisks] = byRelevance(playbook.risks, (risk) =>
    relevance(questionTokens, risk.title, risk.mitigation),
  );
  const risks = uniqueBy(
    [
      ...(topRisk ? [topRisk] : []),
      ...found.flatMap((entity) => (entity.risk ? [entity.risk] : [])),
      ...otherRisks,
    ],
    (risk) => risk.title,
  ).slice(0, MAX_RISKS);
  const resources = uniqueBy<ResourceLink>(
    [
      ...found.flatMap((entity) => (entity.resource ? [entity.resource] : [])),
      ...byRelevance(playbook.resources, (resource) => relevance(questionTokens, resource.title)),
    ],
    (resource) => resource.url,
  ).slice(0, MAX_RESOURCES);

  return {
    focusArea: playbook.focusArea,
    answer: composeAnswer(playbook, detection, found, steps, focusStep, risks[0]),
    playbook: steps.map(toStep),
    insights,
    risks,
    resources,
  };
}
