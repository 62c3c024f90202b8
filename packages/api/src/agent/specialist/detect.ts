import { domains, type Domain, type DomainDetection } from '@capecontrol/schema';
import { focusAreaOf } from './domains';
import { lexiconSources, parseLexicon } from './lexicon';
import { tokenize } from './text';

/** Detection plus what the offline engine needs: the focus area and the evidence behind it. */
export interface DetectionResult extends DomainDetection {
  focusArea: string;
  /** Matched terms of the winning domain, strongest first (for explanations and prompts). */
  signals: string[];
  /** Raw scores before calibration (for tests and tuning). */
  scores: Record<Domain, number>;
}

/**
 * Below this, the detector is saying "I'm not sure". With the calibration below (confidence =
 * trust × share + (1 − trust) / 4), an even two-way split never exceeds 0.5, and 0.6 is crossed
 * only with at least one domain-defining term's worth of evidence (top score ≥ 2.6: a lone
 * "webhook" or "SOC 2" does it, a lone "report" does not) and, however much evidence there is,
 * a runner-up scoring under about two-thirds of the top. The agent says so in its answer when
 * confidence is below it; the ambiguous test questions must all land below it.
 */
export const LOW_CONFIDENCE = 0.6;

// A domain's share of the evidence is score^SHARPNESS over the sum: at 2, a domain scoring
// twice the runner-up gets 80% of the share. What counts is how far ahead the top domain is
// relative to the evidence (9 vs 7 is a split, 3 vs 0 is not), not the absolute gap.
const SHARPNESS = 2;
// Evidence shrinkage: trust = top / (top + EVIDENCE_HALF), so a top score of EVIDENCE_HALF is
// trusted half-way and weak evidence is pulled toward the uniform 1/4.
const EVIDENCE_HALF = 3;
// Context (what the user tried, their system) informs detection but counts less than the question.
const CONTEXT_WEIGHT = 0.5;
// A phrase is more specific than its words: each extra token adds this much.
const PHRASE_BONUS = 0.5;

interface CompiledEntry {
  domain: Domain;
  term: string;
  tokens: string[];
  weight: number;
  focus: string | null;
}

// Longest first, so a phrase claims its tokens before the words inside it ("api key" before "api").
const compiled: CompiledEntry[] = domains
  .flatMap((domain) =>
    parseLexicon(lexiconSources[domain]).map((entry) => ({
      domain,
      ...entry,
      tokens: tokenize(entry.term),
    })),
  )
  .filter((entry) => entry.tokens.length > 0)
  .sort((a, b) => b.tokens.length - a.tokens.length);

interface Hit {
  entry: CompiledEntry;
  score: number;
}

/** Scores every lexicon entry against the tokens; a token used by a phrase is not reused by the same domain's shorter terms. */
function scoreTokens(tokens: string[], factor: number): Hit[] {
  const claimed = new Map<Domain, Set<number>>(
    domains.map((domain) => [domain, new Set<number>()]),
  );
  const hits: Hit[] = [];
  for (const entry of compiled) {
    const used = claimed.get(entry.domain) ?? new Set<number>();
    let count = 0;
    for (let i = 0; i + entry.tokens.length <= tokens.length; i += 1) {
      const span = entry.tokens.map((_, j) => i + j);
      if (!entry.tokens.every((token, j) => tokens[i + j] === token)) continue;
      if (span.some((position) => used.has(position))) continue;
      span.forEach((position) => used.add(position));
      count += 1;
    }
    if (count === 0) continue;
    // Repeating a word adds a little (the user insists) but cannot swamp other evidence.
    const repeat = 1 + 0.25 * Math.min(count - 1, 2);
    const score = (entry.weight * repeat + PHRASE_BONUS * (entry.tokens.length - 1)) * factor;
    hits.push({ entry, score });
  }
  return hits;
}

function calibrate(scores: Record<Domain, number>): Record<Domain, number> {
  const values = domains.map((domain) => scores[domain]);
  const top = Math.max(...values);
  if (top <= 0)
    return Object.fromEntries(domains.map((domain) => [domain, 1 / domains.length])) as Record<
      Domain,
      number
    >;
  const powered = values.map((value) => value ** SHARPNESS);
  const total = powered.reduce((sum, value) => sum + value, 0);
  const trust = top / (top + EVIDENCE_HALF);
  const result = {} as Record<Domain, number>;
  domains.forEach((domain, i) => {
    const share = (powered[i] ?? 0) / total;
    result[domain] = round(trust * share + (1 - trust) / domains.length);
  });
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Picks the domain and focus area a question belongs to, deterministically and offline, with a
 * calibrated confidence in [0, 1] and the runner-up. A caller-chosen `domain` wins (confidence 1);
 * the runner-up is still what the text suggests besides it.
 */
export function detectDomain(
  question: string,
  options: { context?: string | undefined; domain?: Domain | undefined } = {},
): DetectionResult {
  const hits = [
    ...scoreTokens(tokenize(question), 1),
    ...(options.context ? scoreTokens(tokenize(options.context), CONTEXT_WEIGHT) : []),
  ];
  const scores = Object.fromEntries(domains.map((domain) => [domain, 0])) as Record<Domain, number>;
  for (const hit of hits) scores[hit.entry.domain] += hit.score;
  for (const domain of domains) scores[domain] = round(scores[domain]);

  const confidence = calibrate(scores);
  // Stable order: ties go to the domain listed first in the schema.
  const ranked = [...domains].sort((a, b) => scores[b] - scores[a]);
  const chosen = options.domain;
  const domain = chosen ?? ranked[0] ?? domains[0];
  const runner = ranked.find((candidate) => candidate !== domain);
  const runnerUp =
    runner && scores[runner] > 0 ? { domain: runner, confidence: confidence[runner] } : null;

  const domainHits = hits
    .filter((hit) => hit.entry.domain === domain)
    .sort((a, b) => b.score - a.score);
  const focusScores = new Map<string, number>();
  for (const hit of domainHits) {
    if (hit.entry.focus)
      focusScores.set(hit.entry.focus, (focusScores.get(hit.entry.focus) ?? 0) + hit.score);
  }
  let focusId: string | null = null;
  let best = 0;
  for (const [id, score] of focusScores) {
    if (score > best) [focusId, best] = [id, score];
  }

  return {
    domain,
    confidence: chosen ? 1 : confidence[domain],
    runnerUp,
    chosen: chosen !== undefined,
    focusArea: focusAreaOf(domain, focusId).id,
    signals: [...new Set(domainHits.map((hit) => hit.entry.term))].slice(0, 8),
    scores,
  };
}

/** The detection as the output schema carries it (without offline-engine details). */
export function toDomainDetection(result: DetectionResult): DomainDetection {
  return {
    domain: result.domain,
    confidence: result.confidence,
    runnerUp: result.runnerUp,
    chosen: result.chosen,
  };
}
