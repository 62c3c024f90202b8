import type { InstallPlan } from '@capecontrol/client';
import type { AgentSpec } from './agent-spec';
import { collectConfig } from './config-values';
import { connect } from './connection';
import type { CommandContext } from './context';
import { CliError, ExitCode } from './errors';
import { clean, plural, printJson, type Style } from './output';
import { confirm } from './prompt';

export interface InstallOptions {
  pin: boolean;
  config: string[];
  yes: boolean;
  dryRun: boolean;
  json: boolean;
}

/** The plan as a person reads it: what changes, the new permissions, advisories. */
export function formatPlan(out: Style, plan: InstallPlan, target: string): string[] {
  // The whole environment is resolved together; agents it leaves alone are only counted.
  const shown = plan.changes.filter((change) => change.kind !== 'keep' || change.name === target);
  const unchanged = plan.changes.length - shown.length;
  const versionsOf = (change: InstallPlan['changes'][number]) =>
    change.kind === 'update' ? `${change.from ?? '?'} → ${change.to}` : change.to;
  const width = Math.max(...shown.map((change) => change.name.length));
  const versionWidth = Math.max(...shown.map((change) => versionsOf(change).length));
  const lines = shown.map((change) => {
    const mark =
      change.kind === 'install'
        ? out.green('+')
        : change.kind === 'update'
          ? out.yellow('~')
          : out.dim('=');
    const notes = [
      change.requested ? out.dim('requested') : out.dim('dependency'),
      change.kind === 'keep' ? out.dim('unchanged') : '',
      change.deprecated ? out.yellow(`deprecated: ${clean(change.deprecated)}`) : '',
      change.yanked ? out.red('yanked (kept by a pin)') : '',
    ].filter(Boolean);
    return `  ${mark} ${clean(change.name).padEnd(width)}  ${versionsOf(change).padEnd(versionWidth)}  ${notes.join('  ')}`.trimEnd();
  });
  if (unchanged > 0)
    lines.push(out.dim(`  (${plural(unchanged, 'other installed agent')} unchanged)`));
  const { network, tools } = plan.newPermissions;
  if (network.length + tools.length > 0) {
    lines.push('', out.bold(out.yellow('New permissions')));
    if (network.length > 0) lines.push(`  network  ${network.map(clean).join(', ')}`);
    if (tools.length > 0) lines.push(`  tools    ${tools.map(clean).join(', ')}`);
  }
  if (plan.advisories.length > 0) {
    lines.push('', out.bold(out.red('Advisories')));
    for (const advisory of plan.advisories) {
      lines.push(
        `  ${out.red(advisory.severity)}  ${clean(advisory.name)}@${advisory.version}  ${clean(advisory.summary)}`,
      );
    }
  }
  return lines;
}

/**
 * `cape install` and `cape update`: show the plan, ask for consent when permissions grow (unless
 * --yes; never silently without a terminal), collect settings, then apply.
 */
export async function installFlow(
  ctx: CommandContext,
  mode: 'install' | 'update',
  spec: AgentSpec,
  options: InstallOptions,
): Promise<ExitCode> {
  const { io } = ctx;
  const { client } = await connect(ctx);
  const target = {
    name: spec.name,
    ...(spec.version !== undefined ? { version: spec.version } : {}),
  };
  const plan = await client.marketplace.agents.installPlan.query({ ...target, pin: options.pin });

  if (!plan.ok) {
    if (options.json) printJson(io, plan);
    throw new CliError(
      ExitCode.failure,
      `Cannot ${mode} ${spec.name}: ${clean(plan.explanation ?? 'no set of versions satisfies every constraint.')}`,
      plan.compatible ? undefined : `This server runs CapeControl ${plan.platformVersion}.`,
    );
  }
  const root = plan.changes.find((change) => change.name === spec.name);
  const changing = plan.changes.filter((change) => change.kind !== 'keep');
  if (mode === 'update' && changing.length === 0) {
    if (options.json) printJson(io, plan);
    else io.note(`${spec.name} is up to date (${root?.to ?? '?'}).`);
    return ExitCode.ok;
  }
  if (!options.json) {
    io.print(io.out.bold(`Plan: ${mode} ${spec.name}${root ? `@${root.to}` : ''}`));
    for (const line of formatPlan(io.out, plan, spec.name)) io.print(line);
    io.print();
  }
  if (options.dryRun) {
    if (options.json) printJson(io, plan);
    io.note(io.err.dim('Dry run: nothing was changed.'));
    return ExitCode.ok;
  }

  const { network, tools } = plan.newPermissions;
  const grows = network.length + tools.length > 0;
  if (grows && !options.yes) {
    const granted = [...network, ...tools].join(', ');
    if (!io.interactive) {
      throw new CliError(
        ExitCode.failure,
        `${spec.name} needs new permissions (${granted}); not granted.`,
        'Review the plan above and run again with --yes to grant them.',
      );
    }
    if (!(await confirm(io, `Grant these permissions and ${mode}?`))) {
      io.note('Nothing was changed.');
      return ExitCode.failure;
    }
  }

  const config =
    mode === 'install' || options.config.length > 0
      ? await collectConfig(io, mode, options.config, await configFields(spec.name, root?.to))
      : undefined;
  const applied = await client.marketplace.agents[mode].mutate({
    ...target,
    pin: options.pin,
    ...(config ? { config } : {}),
    ...(grows ? { acceptPermissions: true } : {}),
  });
  if (options.json) {
    printJson(io, applied);
    return ExitCode.ok;
  }
  const installed = applied.changes.find((change) => change.name === spec.name);
  const others = applied.changes.filter(
    (change) => change.name !== spec.name && change.kind !== 'keep',
  );
  const verb = mode === 'install' ? 'Installed' : 'Updated';
  const extra =
    others.length > 0 ? ` and ${plural(others.length, 'dependency', 'dependencies')}` : '';
  io.note(
    `${io.err.green('✓')} ${verb} ${io.err.bold(`${spec.name}@${installed?.to ?? '?'}`)}${extra}.`,
  );
  io.note(io.err.dim(`Run it: cape run ${spec.name} "…"`));
  return ExitCode.ok;

  /** The settings the version about to be installed declares. */
  async function configFields(name: string, version: string | undefined) {
    const agent = await client.marketplace.agents.get.query({
      name,
      ...(version ? { version } : {}),
    });
    return agent.config;
  }
}
