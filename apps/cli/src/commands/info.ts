import type { AgentDetail } from '@capecontrol/client';
import { parseAgentSpec } from '../lib/agent-spec';
import { helpOption, jsonOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { ExitCode, UsageError } from '../lib/errors';
import { clean, compactNumber, plural, printJson, type Io } from '../lib/output';
import { verdictLine } from '../lib/report';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'info',
  usage: 'info <publisher/agent>[@version] [--version V] [--readme] [--json]',
  description: [
    'Shows an agent: its versions, permissions, dependencies, settings, validation verdict,',
    'ratings, installs and advisories. Without a version, the newest one this server can run.',
  ],
  options: {
    version: { type: 'string', value: 'V', description: 'Show this version' },
    readme: { type: 'boolean', description: 'Print the readme too' },
    ...jsonOption,
    ...urlOption,
    ...helpOption,
  },
  examples: ['cape info acme/release-notes', 'cape info acme/release-notes@1.0.0 --readme'],
  async run(ctx, { values, positionals }) {
    const [spec = ''] = expectPositionals('info', positionals, { required: ['<publisher/agent>'] });
    const parsed = parseAgentSpec('info', spec);
    if (parsed.version !== undefined && values.version !== undefined) {
      throw new UsageError('cape info: give the version either after "@" or with --version.');
    }
    const version = values.version ?? parsed.version;
    const { client } = await connect(ctx, { signedIn: false });
    const agent = await client.marketplace.agents.get.query({
      name: parsed.name,
      ...(version !== undefined ? { version } : {}),
    });
    if (values.json) printJson(ctx.io, agent);
    else printAgent(ctx.io, agent, values.readme === true);
    return ExitCode.ok;
  },
});

function printAgent(io: Io, agent: AgentDetail, withReadme: boolean): void {
  const { out } = io;
  const field = (label: string, value: string) => io.print(`${out.dim(label.padEnd(12))}${value}`);
  const section = (title: string) => io.print(`\n${out.bold(title)}`);

  io.print(
    `${out.bold(clean(agent.displayName))}  ${out.cyan(`${clean(agent.name)}@${agent.version}`)}${agent.verified ? `  ${out.green('✓ verified')}` : ''}`,
  );
  io.print(clean(agent.description));
  if (agent.deprecated) io.print(out.yellow(`Deprecated: ${clean(agent.deprecated)}`));
  io.print();
  field('publisher', clean(agent.publisher));
  field('category', agent.category);
  if (agent.tags.length > 0) field('tags', agent.tags.map(clean).join(', '));
  field('license', clean(agent.license));
  field('kind', agent.kind);
  field('installs', compactNumber(agent.installs));
  field(
    'rating',
    agent.rating.average === null
      ? out.dim('no reviews yet')
      : `★ ${agent.rating.average.toFixed(1)} (${plural(agent.rating.count, 'review')})`,
  );
  field('performance', `${agent.performanceScore}/100`);
  field('validation', verdictLine(out, agent.validationReport));
  if (agent.installed) {
    const update = agent.installed.updateAvailable ? out.yellow(' (update available)') : '';
    field('installed', `${agent.installed.version}${update}`);
  }

  section('Versions');
  for (const v of agent.versions.slice(0, 10)) {
    const notes = [
      v.version === agent.version ? out.cyan('← shown') : '',
      v.yanked ? out.red(`yanked${v.yankReason ? `: ${clean(v.yankReason)}` : ''}`) : '',
      v.deprecated ? out.yellow(`deprecated: ${clean(v.deprecated)}`) : '',
      v.compatible ? '' : out.dim(`needs CapeControl ${v.enginesRange}`),
    ].filter(Boolean);
    io.print(
      `  ${v.version.padEnd(12)} ${out.dim(v.publishedAt.slice(0, 10))}  ${notes.join('  ')}`.trimEnd(),
    );
  }
  if (agent.versions.length > 10) io.print(out.dim(`  … and ${agent.versions.length - 10} older`));

  const { network, tools } = agent.permissions;
  section('Permissions');
  if (network.length + tools.length === 0) io.print(out.dim('  none'));
  if (network.length > 0) io.print(`  network  ${network.map(clean).join(', ')}`);
  if (tools.length > 0) io.print(`  tools    ${tools.map(clean).join(', ')}`);

  const dependencies = Object.entries(agent.dependencies);
  if (dependencies.length > 0) {
    section('Dependencies');
    for (const [name, range] of dependencies)
      io.print(`  ${clean(name)}  ${out.dim(clean(range))}`);
  }
  if (agent.config.length > 0) {
    section('Settings (asked at install; set with --config key=value)');
    const keyWidth = Math.max(...agent.config.map((setting) => setting.key.length));
    const labelWidth = Math.max(...agent.config.map((setting) => clean(setting.label).length));
    for (const setting of agent.config) {
      const traits = [
        setting.type,
        setting.required ? 'required' : 'optional',
        setting.secret ? 'secret' : '',
      ]
        .filter(Boolean)
        .join(', ');
      const label = clean(setting.label).padEnd(labelWidth);
      io.print(`  ${out.bold(setting.key.padEnd(keyWidth))}  ${label}  ${out.dim(traits)}`);
    }
  }
  if (agent.advisories.length > 0) {
    section('Advisories');
    for (const advisory of agent.advisories) {
      io.print(
        `  ${out.red(advisory.severity)}  ${clean(advisory.range)}  ${clean(advisory.summary)}`,
      );
    }
  }
  if (withReadme && agent.readme.trim() !== '') {
    section('Readme');
    io.print(clean(agent.readme).trimEnd());
  }
  io.print();
  io.print(
    out.dim(
      agent.installed
        ? `Run it: cape run ${agent.name} "…"`
        : `Install: cape install ${agent.name}`,
    ),
  );
}
