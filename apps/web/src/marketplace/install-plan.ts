import type { InstallPlan, PlanChange } from './marketplace-types';

/** "Install 1.2.0", "Update 1.0.0 → 1.2.0", "Keep 1.0.0". */
export function changeAction(change: Pick<PlanChange, 'kind' | 'from' | 'to'>): string {
  switch (change.kind) {
    case 'install':
      return `Install ${change.to}`;
    case 'update':
      return `Update ${change.from ?? '?'} → ${change.to}`;
    case 'keep':
      return `Keep ${change.to}`;
  }
}

/**
 * The changes a person needs to see, in the order they are applied: dependencies first, the
 * agent asked for last. Installed agents the plan leaves alone are counted, not listed — except
 * the requested one, which is always shown.
 */
export function visibleChanges(
  plan: Pick<InstallPlan, 'changes'>,
  requested: string,
): { changes: PlanChange[]; unchanged: number } {
  const shown = plan.changes.filter(
    (change) => change.kind !== 'keep' || change.name === requested,
  );
  const ordered = [
    ...shown.filter((change) => change.name !== requested),
    ...shown.filter((change) => change.name === requested),
  ];
  return { changes: ordered, unchanged: plan.changes.length - shown.length };
}

/** The permissions the plan adds beyond what was granted, as one list ("api.example.com", "http.fetch"). */
export function newPermissionList(plan: Pick<InstallPlan, 'newPermissions'>): string[] {
  return [...plan.newPermissions.network, ...plan.newPermissions.tools];
}

/** The user must tick "I allow…" before this plan may be applied. */
export function needsConsent(plan: Pick<InstallPlan, 'newPermissions'>): boolean {
  return newPermissionList(plan).length > 0;
}

/**
 * One sentence for the plan: "Installs acme/digest 1.0.0 with 1 dependency.",
 * "Updates acme/digest from 1.0.0 to 1.1.0 and installs 1 new dependency.", "Nothing to change…"
 */
export function planSummary(plan: Pick<InstallPlan, 'changes'>, requested: string): string {
  const root = plan.changes.find((change) => change.name === requested);
  const others = plan.changes.filter((change) => change.name !== requested);
  const installs = others.filter((change) => change.kind === 'install').length;
  const updates = others.filter((change) => change.kind === 'update').length;

  if (root?.kind === 'install') {
    const parts = [
      `Installs ${requested} ${root.to}${installs > 0 ? ` with ${count(installs, 'dependency', 'dependencies')}` : ''}`,
      updates > 0 ? `updates ${count(updates, 'other agent', 'other agents')}` : null,
    ];
    return `${joinWords(parts.filter((part): part is string => part !== null))}.`;
  }
  const head =
    root?.kind === 'update'
      ? `Updates ${requested} from ${root.from ?? '?'} to ${root.to}`
      : root
        ? `Keeps ${requested} at ${root.to}`
        : null;
  const extras = [
    installs > 0 ? `installs ${count(installs, 'new dependency', 'new dependencies')}` : null,
    updates > 0 ? `updates ${count(updates, 'dependency', 'dependencies')}` : null,
  ].filter((part): part is string => part !== null);
  if (extras.length === 0)
    return head && root?.kind === 'update'
      ? `${head}.`
      : 'Nothing to change: everything is already in place.';
  const sentence = joinWords([...(head ? [head] : []), ...extras]);
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** Warnings a person should read before going ahead: deprecations and yanked versions. */
export function planWarnings(plan: Pick<InstallPlan, 'changes'>): string[] {
  const warnings: string[] = [];
  for (const change of plan.changes) {
    if (change.kind === 'keep') continue;
    if (change.deprecated)
      warnings.push(`${change.name} ${change.to} is deprecated: ${change.deprecated}`);
    if (change.yanked)
      warnings.push(
        `${change.name} ${change.to} was yanked by its publisher; it is used only because it is pinned.`,
      );
  }
  return warnings;
}

/** "1 dependency", "3 dependencies". */
export function count(value: number, one: string, many: string): string {
  return `${value} ${value === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** What a change did, once applied: "Installed 1.2.0", "Updated 1.0.0 → 1.2.0", "Kept 1.0.0". */
export function doneAction(change: Pick<PlanChange, 'kind' | 'from' | 'to'>): string {
  switch (change.kind) {
    case 'install':
      return `Installed ${change.to}`;
    case 'update':
      return `Updated ${change.from ?? '?'} → ${change.to}`;
    case 'keep':
      return `Kept ${change.to}`;
  }
}
