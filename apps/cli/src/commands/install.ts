import { parseAgentSpec } from '../lib/agent-spec';
import { helpOption, jsonOption, urlOption, type OptionSpecs } from '../lib/args';
import { installFlow } from '../lib/install-flow';
import { defineCommand, expectPositionals } from './command';

/** Options `cape install` and `cape update` share. */
export const installOptions = {
  pin: { type: 'boolean', description: 'Keep exactly this version (give an exact @version)' },
  config: {
    type: 'string',
    value: 'KEY=VALUE',
    multiple: true,
    description: 'A setting of the agent (see `cape info`); required ones are asked for',
  },
  yes: { type: 'boolean', short: 'y', description: 'Grant new permissions without asking' },
  'dry-run': { type: 'boolean', description: 'Show the plan only' },
  ...jsonOption,
  ...urlOption,
  ...helpOption,
} as const satisfies OptionSpecs;

export const command = defineCommand({
  name: 'install',
  usage: 'install <publisher/agent>[@version] [--pin] [--config KEY=VALUE …] [--yes]',
  description: [
    'Installs an agent with its dependencies: the newest versions this server can run that fit',
    'together with what you already have. Shows the plan first (versions, new permissions,',
    'advisories) and asks before granting new permissions; without a terminal, pass --yes.',
  ],
  options: installOptions,
  examples: [
    'cape install acme/release-notes',
    'cape install acme/release-notes@1.2.0 --pin --config tone=formal',
    'cape install acme/digest --yes',
  ],
  async run(ctx, { values, positionals }) {
    const [spec = ''] = expectPositionals('install', positionals, {
      required: ['<publisher/agent>'],
    });
    return installFlow(ctx, 'install', parseAgentSpec('install', spec), {
      pin: values.pin === true,
      config: values.config ?? [],
      yes: values.yes === true,
      dryRun: values['dry-run'] === true,
      json: values.json === true,
    });
  },
});
