import { describe, expect, it } from 'vitest';
import { performanceScore } from './performance';
import { parse, promptInput, workflowInput } from './test-manifests';

const small = parse(promptInput());

describe('performanceScore', () => {
  it('scores a small prompt agent near 100, with each factor accounted for', () => {
    const result = performanceScore(small, 0);
    expect(result.static).toBe(99);
    expect(result.observed).toBeNull();
    expect(result.score).toBe(99);
    const impact = result.factors.reduce((sum, f) => sum + f.impact, 0);
    expect(Math.abs(100 + impact - result.score)).toBeLessThan(1);
  });

  it('charges for prompt size, tokens, dependencies, depth and steps, each up to its cap', () => {
    const big = parse(promptInput({ prompt: { system: 'x'.repeat(20_000), maxTokens: 32_000 } }));
    expect(performanceScore(big, 0).static).toBe(65);
    const steps = Array.from({ length: 20 }, (_, i) => ({
      id: `s${i}`,
      agent: 'acme/extract',
      input: '{{input}}',
    }));
    const long = parse(
      workflowInput({ workflow: { steps }, dependencies: { 'acme/extract': '^1.0.0' } }),
    );
    const factors = performanceScore(long, 4).factors;
    expect(factors.find((f) => f.name === 'workflowSteps')).toEqual({
      name: 'workflowSteps',
      value: 20,
      impact: -20,
    });
    expect(factors.find((f) => f.name === 'dependencyDepth')).toEqual({
      name: 'dependencyDepth',
      value: 4,
      impact: -15,
    });
  });

  it('blends observed runs in by weight runs / (runs + 20)', () => {
    const observed = { runs: 20, successRate: 0.5, p50LatencyMs: 16_000, avgTotalTokens: 11_000 };
    const result = performanceScore(small, 0, observed);
    // observed = 60·0.5 + 25·0.5 + 15·0.5 = 50; w = 0.5; score = (99.4 + 50) / 2
    expect(result.observed).toBe(50);
    expect(result.score).toBe(75);
    expect(performanceScore(small, 0, { ...observed, runs: 0 }).observed).toBeNull();
    expect(performanceScore(small, 0, { ...observed, runs: 2_000 }).score).toBe(50);
  });
});
