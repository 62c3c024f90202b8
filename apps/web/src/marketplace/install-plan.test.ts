import { describe, expect, test } from 'vitest';
import {
  changeAction,
  doneAction,
  joinWords,
  needsConsent,
  newPermissionList,
  planSummary,
  planWarnings,
  visibleChanges,
} from './install-plan';
import type { InstallPlan, PlanChange } from './marketplace-types';

function change(overrides: Partial<PlanChange> & { name: string }): PlanChange {
  return {
    kind: 'install',
    from: null,
    to: '1.0.0',
    requested: false,
    deprecated: null,
    yanked: false,
    ...overrides,
  };
}

const digestInstall: Pick<InstallPlan, 'changes' | 'newPermissions'> = {
  changes: [
    change({ name: 'acme/summariser' }),
    change({ name: 'other/kept', kind: 'keep', from: '2.0.0', to: '2.0.0', requested: true }),
    change({ name: 'acme/digest', requested: true }),
  ],
  newPermissions: { network: ['api.example.com'], tools: ['agent.call'] },
};

describe('plan rendering', () => {
  test('each change in words', () => {
    expect(changeAction({ kind: 'install', from: null, to: '1.2.0' })).toBe('Install 1.2.0');
    expect(changeAction({ kind: 'update', from: '1.0.0', to: '1.2.0' })).toBe(
      'Update 1.0.0 → 1.2.0',
    );
    expect(changeAction({ kind: 'keep', from: '1.0.0', to: '1.0.0' })).toBe('Keep 1.0.0');
    expect(doneAction({ kind: 'install', from: null, to: '1.2.0' })).toBe('Installed 1.2.0');
    expect(doneAction({ kind: 'update', from: '1.0.0', to: '1.2.0' })).toBe(
      'Updated 1.0.0 → 1.2.0',
    );
  });

  test('dependencies come first, the requested agent last; untouched agents are only counted', () => {
    const { changes, unchanged } = visibleChanges(digestInstall, 'acme/digest');
    expect(changes.map((item) => item.name)).toEqual(['acme/summariser', 'acme/digest']);
    expect(unchanged).toBe(1);
  });

  test('the requested agent is listed even when it stays as it is', () => {
    const plan = { changes: [change({ name: 'acme/x', kind: 'keep', from: '1.0.0' })] };
    expect(visibleChanges(plan, 'acme/x').changes).toHaveLength(1);
  });

  test('one sentence sums the plan up', () => {
    expect(planSummary(digestInstall, 'acme/digest')).toBe(
      'Installs acme/digest 1.0.0 with 1 dependency.',
    );
    expect(
      planSummary(
        {
          changes: [
            change({ name: 'a/dep', kind: 'update', from: '1.0.0', to: '1.1.0' }),
            change({ name: 'a/new' }),
            change({ name: 'a/root', kind: 'update', from: '1.0.0', to: '2.0.0', requested: true }),
          ],
        },
        'a/root',
      ),
    ).toBe(
      'Updates a/root from 1.0.0 to 2.0.0, installs 1 new dependency and updates 1 dependency.',
    );
    expect(
      planSummary(
        {
          changes: [
            change({ name: 'a/dep', kind: 'update', from: '1.0.0', to: '1.1.0' }),
            change({ name: 'a/root', kind: 'keep', from: '1.0.0', requested: true }),
          ],
        },
        'a/root',
      ),
    ).toBe('Keeps a/root at 1.0.0 and updates 1 dependency.');
    expect(
      planSummary(
        {
          changes: [
            change({ name: 'a/dep' }),
            change({ name: 'b/other', kind: 'update', from: '1.0.0', to: '1.1.0' }),
            change({ name: 'a/root', requested: true }),
          ],
        },
        'a/root',
      ),
    ).toBe('Installs a/root 1.0.0 with 1 dependency and updates 1 other agent.');
    expect(
      planSummary({ changes: [change({ name: 'a/x', kind: 'keep', from: '1.0.0' })] }, 'a/x'),
    ).toBe('Nothing to change: everything is already in place.');
  });

  test('new permissions need consent', () => {
    expect(newPermissionList(digestInstall)).toEqual(['api.example.com', 'agent.call']);
    expect(needsConsent(digestInstall)).toBe(true);
    expect(needsConsent({ newPermissions: { network: [], tools: [] } })).toBe(false);
  });

  test('deprecated and yanked versions are called out; kept ones are not', () => {
    expect(
      planWarnings({
        changes: [
          change({ name: 'a/old', deprecated: 'Use a/new instead.' }),
          change({ name: 'a/pinned', yanked: true }),
          change({ name: 'a/kept', kind: 'keep', deprecated: 'ignored here' }),
        ],
      }),
    ).toEqual([
      'a/old 1.0.0 is deprecated: Use a/new instead.',
      'a/pinned 1.0.0 was yanked by its publisher; it is used only because it is pinned.',
    ]);
  });
});

test('joinWords', () => {
  expect(joinWords([])).toBe('');
  expect(joinWords(['a'])).toBe('a');
  expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
});
