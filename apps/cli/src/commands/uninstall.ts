import { helpOption, jsonOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { CliError, ExitCode, serverErrorCode, UsageError } from '../lib/errors';
import { clean, printJson } from '../lib/output';
import { parseAgentSpec } from '../lib/agent-spec';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'uninstall',
  usage: 'uninstall <publisher/agent> [--with-dependents]',
  description: [
    'Removes an installed agent (and dependencies nothing else needs). Refuses while another',
    'installed agent depends on it, unless --with-dependents removes those too. Task history',
    'is kept.',
  ],
  options: {
    'with-dependents': {
      type: 'boolean',
      description: 'Also remove the installed agents that depend on it',
    },
    ...jsonOption,
    ...urlOption,
    ...helpOption,
  },
  examples: ['cape uninstall acme/release-notes', 'cape uninstall acme/extract --with-dependents'],
  async run(ctx, { values, positionals }) {
    const [spec = ''] = expectPositionals('uninstall', positionals, {
      required: ['<publisher/agent>'],
    });
    const { name, version } = parseAgentSpec('uninstall', spec);
    if (version !== undefined) {
      throw new UsageError('cape uninstall: give the agent without a version.');
    }
    const { io } = ctx;
    const { client } = await connect(ctx);
    const withDependents = values['with-dependents'] === true;
    let result;
    try {
      result = await client.marketplace.agents.uninstall.mutate({
        name,
        ...(withDependents ? { removeDependents: true } : {}),
      });
    } catch (error) {
      // The server refuses while installed agents depend on this one.
      if (
        serverErrorCode(error) === 'PRECONDITION_FAILED' &&
        !withDependents &&
        error instanceof Error
      ) {
        throw new CliError(
          ExitCode.failure,
          error.message,
          'Run again with --with-dependents to remove them as well.',
        );
      }
      throw error;
    }
    if (values.json) {
      printJson(io, result);
      return ExitCode.ok;
    }
    io.note(`${io.err.green('✓')} Removed ${result.removed.map(clean).join(', ')}.`);
    return ExitCode.ok;
  },
});
