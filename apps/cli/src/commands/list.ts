import { helpOption, jsonOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { ExitCode } from '../lib/errors';
import { clean, printJson, table } from '../lib/output';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'list',
  usage: 'list [--json]',
  description: [
    'Lists the agents you installed (and the dependencies they brought), with available',
    'updates, pins, deprecations and advisories.',
  ],
  options: { ...jsonOption, ...urlOption, ...helpOption },
  examples: ['cape list', 'cape list --json'],
  async run(ctx, { values, positionals }) {
    expectPositionals('list', positionals, { required: [] });
    const { io } = ctx;
    const { out } = io;
    const { client } = await connect(ctx);
    const installations = await client.marketplace.installations.list.query();
    if (values.json) {
      printJson(io, installations);
      return ExitCode.ok;
    }
    if (installations.length === 0) {
      io.note('No agents installed. Find some with `cape search`.');
      return ExitCode.ok;
    }
    const rows = installations.map((installation) => {
      const status = [
        installation.requested ? '' : out.dim('dependency'),
        installation.pinned ? 'pinned' : '',
        installation.updateAvailable && installation.latestCompatibleVersion
          ? out.yellow(`update: ${installation.latestCompatibleVersion}`)
          : '',
        installation.deprecated !== null ? out.yellow('deprecated') : '',
        installation.yanked ? out.red('yanked') : '',
        ...installation.advisories.map((advisory) => out.red(`advisory (${advisory.severity})`)),
      ].filter(Boolean);
      return [out.bold(clean(installation.name)), installation.version, status.join(', ')];
    });
    const lines = table([{ header: 'NAME' }, { header: 'VERSION' }, { header: 'STATUS' }], rows, {
      style: out,
    });
    for (const line of lines) io.print(line);
    return ExitCode.ok;
  },
});
