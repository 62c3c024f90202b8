import { parseAgentSpec } from '../lib/agent-spec';
import { installFlow } from '../lib/install-flow';
import { defineCommand, expectPositionals } from './command';
import { installOptions } from './install';

export const command = defineCommand({
  name: 'update',
  usage: 'update <publisher/agent>[@version] [--pin] [--config KEY=VALUE …] [--yes]',
  description: [
    'Moves an installed agent to the newest compatible version (or the one you name), updating',
    'its dependencies as needed. Asks before granting permissions the new versions add.',
  ],
  options: installOptions,
  examples: ['cape update acme/release-notes', 'cape update acme/release-notes@2.0.0 --yes'],
  async run(ctx, { values, positionals }) {
    const [spec = ''] = expectPositionals('update', positionals, {
      required: ['<publisher/agent>'],
    });
    return installFlow(ctx, 'update', parseAgentSpec('update', spec), {
      pin: values.pin === true,
      config: values.config ?? [],
      yes: values.yes === true,
      dryRun: values['dry-run'] === true,
      json: values.json === true,
    });
  },
});
