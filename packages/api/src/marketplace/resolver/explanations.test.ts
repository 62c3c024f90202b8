import { describe, expect, it } from 'vitest';
import { solve, type VersionSpec } from './testing/registry-fixture';
import type { FailureReason, ResolutionResult } from './types';

function failure(result: ResolutionResult, reason: FailureReason): string {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.solution)}`);
  expect(result.reason).toBe(reason);
  return result.explanation;
}

const charts: Record<string, VersionSpec> = { '2.0.0': {}, '2.5.0': {}, '3.0.0': {} };

describe('conflict explanations name the chain of constraints', () => {
  it('two requested agents that need different majors of a shared dependency', () => {
    const result = solve(
      {
        'acme/report-bot': { '2.1.0': { deps: { 'acme/charts': '^3.0.0' } } },
        'acme/dashboard': { '1.4.0': { deps: { 'acme/charts': '^2.0.0' } } },
        'acme/charts': charts,
      },
      { 'acme/report-bot': '^2.1.0', 'acme/dashboard': '^1.4.0' },
    );
    expect(failure(result, 'conflict')).toBe(
      'Because acme/dashboard@1.4.0 depends on acme/charts ^2.0.0 and acme/report-bot@2.1.0 ' +
        'depends on acme/charts ^3.0.0, acme/dashboard@1.4.0 is incompatible with ' +
        'acme/report-bot@2.1.0. And because you asked for acme/dashboard ^1.4.0 and ' +
        'acme/report-bot ^2.1.0, version solving failed.',
    );
  });

  it('the same conflict one level down, through every version of the agents involved', () => {
    const result = solve(
      {
        'acme/app': {
          '1.0.0': { deps: { 'acme/report-bot': '^2.1.0', 'acme/dashboard': '^1.4.0' } },
        },
        'acme/report-bot': {
          '2.0.0': { deps: { 'acme/charts': '^2.0.0' } },
          '2.1.0': { deps: { 'acme/charts': '^3.0.0' } },
          '2.2.0': { deps: { 'acme/charts': '^3.0.0' } },
        },
        'acme/dashboard': {
          '1.4.0': { deps: { 'acme/charts': '^2.0.0' } },
          '1.5.0': { deps: { 'acme/charts': '^2.0.0' } },
        },
        'acme/charts': charts,
      },
      { 'acme/app': '^1.0.0' },
    );
    expect(result.ok || result.chain).toEqual([
      'Because every version of acme/dashboard depends on acme/charts ^2.0.0 and acme/report-bot ^2.1.0 depends on acme/charts ^3.0.0, every version of acme/dashboard is incompatible with acme/report-bot ^2.1.0.',
      'And because acme/app@1.0.0 depends on acme/dashboard ^1.4.0, acme/report-bot ^2.1.0 is incompatible with acme/app@1.0.0.',
      'And because you asked for acme/app ^1.0.0 which depends on acme/report-bot ^2.1.0, version solving failed.',
    ]);
  });

  it('a version excluded by its engines range says which range and which platform', () => {
    const result = solve({ 'acme/x': { '2.0.0': { engines: '>=2' } } }, { 'acme/x': '^2.0.0' });
    expect(failure(result, 'conflict')).toBe(
      'Because acme/x@2.0.0 requires CapeControl >=2 but this is 0.1.0 and you asked for ' +
        'acme/x ^2.0.0, version solving failed.',
    );
  });

  it('engines exclusion deep in the chain', () => {
    const result = solve(
      {
        'acme/report-bot': { '2.1.0': { deps: { 'acme/charts': '^3.0.0' } } },
        'acme/charts': { '2.0.0': {}, '3.0.0': { engines: '>=2' }, '3.1.0': { engines: '>=2' } },
      },
      { 'acme/report-bot': '^2.1.0' },
    );
    expect(failure(result, 'conflict')).toBe(
      'Because acme/report-bot@2.1.0 depends on acme/charts ^3.0.0 and acme/charts ^3.0.0 ' +
        'requires CapeControl >=2 but this is 0.1.0, acme/report-bot@2.1.0 cannot be installed. ' +
        'And because you asked for acme/report-bot ^2.1.0, version solving failed.',
    );
  });

  it('a yanked version asked for by exact version', () => {
    const result = solve(
      { 'acme/x': { '1.0.0': {}, '2.0.0': { yanked: true } } },
      { 'acme/x': '2.0.0' },
    );
    expect(failure(result, 'conflict')).toBe(
      'Because acme/x@2.0.0 is yanked and you asked for acme/x 2.0.0, version solving failed.',
    );
  });

  it('a pin that contradicts the request', () => {
    const result = solve(
      { 'acme/x': { '1.0.0': {}, '2.0.0': {} } },
      { 'acme/x': '^2.0.0' },
      { pins: { 'acme/x': '1.0.0' } },
    );
    expect(failure(result, 'conflict')).toBe(
      'Because you asked for acme/x ^2.0.0 and acme/x is pinned to 1.0.0, version solving failed.',
    );
  });

  it('an unknown agent is not_found', () => {
    expect(failure(solve({}, { 'acme/nope': '^1.0.0' }), 'not_found')).toBe(
      'Because you asked for acme/nope ^1.0.0 but acme/nope does not exist, version solving failed.',
    );
  });

  it('an unknown dependency is not_found and names who depends on it', () => {
    const result = solve(
      { 'acme/app': { '1.0.0': { deps: { 'acme/gone': '^1.0.0' } } } },
      { 'acme/app': '^1.0.0' },
    );
    expect(failure(result, 'not_found')).toBe(
      'Because acme/app@1.0.0 depends on acme/gone ^1.0.0 but acme/gone does not exist and you ' +
        'asked for acme/app ^1.0.0, version solving failed.',
    );
  });

  it('a range no published version matches is not_found', () => {
    const result = solve({ 'acme/x': { '1.0.0': {} } }, { 'acme/x': '^5.0.0' });
    expect(failure(result, 'not_found')).toBe(
      'Because you asked for acme/x ^5.0.0 but no version of acme/x matches ^5.0.0, version solving failed.',
    );
  });

  it('an invalid range is named', () => {
    const result = solve({ 'acme/x': { '1.0.0': {} } }, { 'acme/x': 'latest' });
    expect(failure(result, 'conflict')).toContain('"latest" is not a valid version range');
  });

  it('a dependency cycle is reported as a conflict naming the cycle', () => {
    const result = solve(
      {
        'acme/a': { '1.0.0': { deps: { 'acme/b': '^1.0.0' } } },
        'acme/b': { '1.0.0': { deps: { 'acme/a': '^1.0.0' } } },
      },
      { 'acme/a': '^1.0.0' },
    );
    expect(failure(result, 'conflict')).toBe(
      'Because acme/a@1.0.0 depends on acme/b ^1.0.0 and the marketplace forbids the dependency ' +
        'cycle acme/a → acme/b → acme/a (at acme/a@1.0.0, acme/b@1.0.0), acme/a@1.0.0 cannot be ' +
        'installed. And because you asked for acme/a ^1.0.0, version solving failed.',
    );
  });

  it('an agent depending on itself is a cycle too', () => {
    const result = solve(
      { 'acme/a': { '1.0.0': { deps: { 'acme/a': '^1.0.0' } } } },
      { 'acme/a': '*' },
    );
    expect(failure(result, 'conflict')).toContain('the dependency cycle acme/a → acme/a');
  });
});
