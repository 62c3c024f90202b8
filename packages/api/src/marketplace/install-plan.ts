import type { DB } from '@capecontrol/db';
import { CAPECONTROL_VERSION } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import semver from 'semver';
import { AppError } from '../errors';
import { loadRegistry } from './registry-db';
import { resolve } from './resolver';

export interface PlanChange {
  name: string;
  kind: 'install' | 'update' | 'keep';
  from: string | null;
  to: string;
  requested: boolean;
  deprecated: string | null;
  yanked: boolean;
}

export interface Permissions {
  network: string[];
  tools: string[];
}

export interface InstallPlan {
  ok: boolean;
  /** Why no plan exists: the chain of constraints, in prose. */
  explanation: string | null;
  /** Every package of the resulting environment that this change touches, dependencies first. */
  changes: PlanChange[];
  /** Permissions the change adds beyond what was already granted (consent needed when non-empty). */
  newPermissions: Permissions;
  advisories: Array<{ name: string; version: string; severity: string; summary: string }>;
  compatible: boolean;
  platformVersion: string;
}

export interface InstalledRow {
  agent_id: string;
  name: string;
  version: string;
  requested: boolean;
  pinned: boolean;
  granted_permissions: unknown;
}

export async function installedOf(db: Kysely<DB>, userId: string): Promise<InstalledRow[]> {
  return db
    .selectFrom('installations')
    .innerJoin('agents', 'agents.id', 'installations.agent_id')
    .select([
      'installations.agent_id',
      'agents.name',
      'installations.version',
      'installations.requested',
      'installations.pinned',
      'installations.granted_permissions',
    ])
    .where('installations.user_id', '=', userId)
    .execute();
}

/**
 * Plans a change to a user's installed agents as a whole: the requested agents (at their pins or
 * ranges) plus the new request are resolved together, so one agent's update can never break
 * another's dependencies. A dry run: nothing is written.
 */
export async function planChange(
  db: Kysely<DB>,
  userId: string,
  request: { name: string; range: string; pin: boolean },
  options: { removing?: string[] } = {},
): Promise<{ plan: InstallPlan; solution: Record<string, string>; order: string[] }> {
  const installed = (await installedOf(db, userId)).filter(
    (row) => !options.removing?.includes(row.name),
  );
  const root = new Map<string, string>();
  const pins: Record<string, string> = {};
  const preferred: Record<string, string> = {};
  for (const row of installed) {
    preferred[row.name] = row.version;
    if (!row.requested) continue;
    root.set(row.name, row.pinned ? row.version : '*');
    if (row.pinned) pins[row.name] = row.version;
  }
  root.set(request.name, request.range);
  if (request.pin) {
    if (!semver.valid(request.range))
      throw new AppError('BAD_REQUEST', 'To pin, give an exact version such as 1.4.2.');
    pins[request.name] = request.range;
  } else {
    delete pins[request.name];
  }
  delete preferred[request.name];

  const registry = await loadRegistry(db, [...root.keys()]);
  if (registry.versions(request.name).length === 0)
    throw new AppError('NOT_FOUND', `There is no agent called "${request.name}".`);
  // A yanked version stays usable only where it is already installed: no new installs of it.
  const pinnedEntry = request.pin
    ? registry.versions(request.name).find((entry) => entry.version === request.range)
    : undefined;
  const alreadyHas = installed.find((row) => row.name === request.name)?.version === request.range;
  if (pinnedEntry?.yanked && !alreadyHas) {
    return {
      plan: {
        ok: false,
        explanation: `${request.name}@${request.range} was yanked by its publisher, so it cannot be newly installed. Installations that already pin it keep working.`,
        compatible: true,
        changes: [],
        newPermissions: { network: [], tools: [] },
        advisories: [],
        platformVersion: CAPECONTROL_VERSION,
      },
      solution: {},
      order: [],
    };
  }
  const result = resolve({
    root: [...root].map(([name, range]) => ({ name, range })),
    registry,
    platformVersion: CAPECONTROL_VERSION,
    pins,
    preferred,
  });
  const emptyPlan = {
    changes: [],
    newPermissions: { network: [], tools: [] },
    advisories: [],
    platformVersion: CAPECONTROL_VERSION,
  };
  if (!result.ok) {
    return {
      plan: {
        ok: false,
        explanation: result.explanation,
        compatible:
          result.reason !== 'conflict' || !/requires CapeControl/.test(result.explanation),
        ...emptyPlan,
      },
      solution: {},
      order: [],
    };
  }

  const current = new Map(installed.map((row) => [row.name, row]));
  const changes: PlanChange[] = result.order.map((name) => {
    const to = result.solution[name] as string;
    const existing = current.get(name);
    const entry = registry.versions(name).find((version) => version.version === to);
    return {
      name,
      kind: !existing ? 'install' : existing.version === to ? 'keep' : 'update',
      from: existing?.version ?? null,
      to,
      requested: name === request.name || (existing?.requested ?? false),
      deprecated: entry?.deprecated ?? null,
      yanked: entry?.yanked ?? false,
    };
  });
  const touched = changes.filter((change) => change.kind !== 'keep');
  const newPermissions = await permissionGrowth(db, touched, current);
  const advisories = await matchingAdvisories(db, result.solution);
  return {
    plan: {
      ok: true,
      explanation: null,
      changes,
      newPermissions,
      advisories,
      compatible: true,
      platformVersion: CAPECONTROL_VERSION,
    },
    solution: result.solution,
    order: result.order,
  };
}

/** Network hosts and tools the touched versions declare beyond what their installations were granted. */
async function permissionGrowth(
  db: Kysely<DB>,
  touched: PlanChange[],
  current: Map<string, InstalledRow>,
): Promise<Permissions> {
  const network = new Set<string>();
  const tools = new Set<string>();
  for (const change of touched) {
    const row = await db
      .selectFrom('agent_versions')
      .innerJoin('agents', 'agents.id', 'agent_versions.agent_id')
      .select('agent_versions.permissions')
      .where('agents.name', '=', change.name)
      .where('agent_versions.version', '=', change.to)
      .executeTakeFirstOrThrow();
    const wanted = row.permissions as unknown as Permissions;
    const granted = (current.get(change.name)?.granted_permissions as Permissions | undefined) ?? {
      network: [],
      tools: [],
    };
    for (const host of wanted.network) if (!granted.network.includes(host)) network.add(host);
    for (const tool of wanted.tools) if (!granted.tools.includes(tool)) tools.add(tool);
  }
  return { network: [...network].sort(), tools: [...tools].sort() };
}

async function matchingAdvisories(db: Kysely<DB>, solution: Record<string, string>) {
  const names = Object.keys(solution);
  if (names.length === 0) return [];
  const advisories = await db
    .selectFrom('advisories')
    .select(['agent_name', 'range', 'severity', 'summary'])
    .where('agent_name', 'in', names)
    .execute();
  return advisories
    .filter((advisory) =>
      semver.satisfies(solution[advisory.agent_name] as string, advisory.range, {
        includePrerelease: true,
      }),
    )
    .map((advisory) => ({
      name: advisory.agent_name,
      version: solution[advisory.agent_name] as string,
      severity: advisory.severity,
      summary: advisory.summary,
    }));
}
