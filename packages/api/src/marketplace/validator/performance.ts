import type { AgentManifest, PerformanceFactor, PerformanceScore } from '@capecontrol/schema';
import type { ObservedRuns } from './types';

/**
 * The performance score, 0–100: what a run of this agent will likely cost in time and tokens,
 * estimated from the manifest and corrected by real runs as they accrue.
 *
 *   static   = 100 − Σ penalties (each linear in its quantity up to a cap):
 *     system prompt + user template   20 points at 20 000 characters  (sent on every call)
 *     knowledge                       10 points at 1 000 000 characters (index size, retrieval)
 *     max tokens                      15 points at 32 000 tokens        (longest possible answer)
 *     dependencies                     2 points each, at most 10        (installs, calls)
 *     dependency depth                 5 points per level, at most 15   (nested calls)
 *     workflow steps                   1 point each, at most 20         (sequential model calls)
 *
 *   observed = 60 · successRate
 *            + 25 · clamp((30 000 − p50 latency ms) / 28 000)   (full at ≤ 2 s, none at ≥ 30 s)
 *            + 15 · clamp((20 000 − avg tokens) / 18 000)       (full at ≤ 2 000, none at ≥ 20 000)
 *
 *   w        = runs / (runs + 20)        (20 runs weigh as much as the static estimate)
 *   score    = round((1 − w) · static + w · observed)
 *
 * Each factor's `impact` is the points it moves the final score (penalties scaled by 1 − w,
 * observed shortfalls by w), so `score ≈ 100 + Σ impact` up to rounding.
 */
export const PERFORMANCE_WEIGHTS = {
  promptChars: { points: 20, at: 20_000 },
  knowledgeChars: { points: 10, at: 1_000_000 },
  maxTokens: { points: 15, at: 32_000 },
  dependencies: { perUnit: 2, cap: 10 },
  dependencyDepth: { perUnit: 5, cap: 15 },
  workflowSteps: { perUnit: 1, cap: 20 },
  observed: { successRate: 60, latency: 25, tokens: 15, priorRuns: 20 },
} as const;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The score of a manifest given its dependency depth and, when known, its observed runs. */
export function performanceScore(
  manifest: AgentManifest,
  dependencyDepth: number,
  observed?: ObservedRuns,
): PerformanceScore {
  const W = PERFORMANCE_WEIGHTS;
  const promptChars =
    (manifest.prompt?.system.length ?? 0) + (manifest.prompt?.userTemplate.length ?? 0);
  const knowledgeChars = manifest.knowledge.reduce((sum, doc) => sum + doc.body.length, 0);
  const maxTokens = manifest.prompt?.maxTokens ?? 0;
  const dependencies = Object.keys(manifest.dependencies).length;
  const steps = manifest.workflow?.steps.length ?? 0;
  const penalties: Array<[string, number, number]> = [
    ['promptChars', promptChars, W.promptChars.points * clamp01(promptChars / W.promptChars.at)],
    [
      'knowledgeChars',
      knowledgeChars,
      W.knowledgeChars.points * clamp01(knowledgeChars / W.knowledgeChars.at),
    ],
    ['maxTokens', maxTokens, W.maxTokens.points * clamp01(maxTokens / W.maxTokens.at)],
    [
      'dependencies',
      dependencies,
      Math.min(W.dependencies.cap, W.dependencies.perUnit * dependencies),
    ],
    [
      'dependencyDepth',
      dependencyDepth,
      Math.min(W.dependencyDepth.cap, W.dependencyDepth.perUnit * dependencyDepth),
    ],
    ['workflowSteps', steps, Math.min(W.workflowSteps.cap, W.workflowSteps.perUnit * steps)],
  ];
  const staticScore = 100 - penalties.reduce((sum, [, , points]) => sum + points, 0);

  const runs = observed && observed.runs > 0 ? observed : null;
  const w = runs ? runs.runs / (runs.runs + W.observed.priorRuns) : 0;
  const factors: PerformanceFactor[] = penalties.map(([name, value, points]) => ({
    name,
    value,
    impact: round1(-points * (1 - w)),
  }));
  let observedScore: number | null = null;
  if (runs) {
    const parts: Array<[string, number, number, number]> = [
      ['successRate', runs.successRate, W.observed.successRate, clamp01(runs.successRate)],
      [
        'p50LatencyMs',
        runs.p50LatencyMs,
        W.observed.latency,
        clamp01((30_000 - runs.p50LatencyMs) / 28_000),
      ],
      [
        'avgTotalTokens',
        runs.avgTotalTokens,
        W.observed.tokens,
        clamp01((20_000 - runs.avgTotalTokens) / 18_000),
      ],
    ];
    observedScore = parts.reduce((sum, [, , points, share]) => sum + points * share, 0);
    factors.push({ name: 'observedRuns', value: runs.runs, impact: 0 });
    for (const [name, value, points, share] of parts) {
      factors.push({ name: `observed.${name}`, value, impact: round1(-points * (1 - share) * w) });
    }
  }
  const blended = (1 - w) * staticScore + w * (observedScore ?? 0);
  return {
    score: Math.round(clamp01(blended / 100) * 100),
    static: Math.round(staticScore),
    observed: observedScore === null ? null : Math.round(observedScore),
    factors,
  };
}
