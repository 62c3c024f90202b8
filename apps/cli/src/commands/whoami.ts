import { helpOption, jsonOption, urlOption } from '../lib/args';
import { connect } from '../lib/connection';
import { ExitCode } from '../lib/errors';
import { clean, printJson } from '../lib/output';
import { defineCommand, expectPositionals } from './command';

const VIA: Record<string, string> = {
  bearer: 'a session',
  cookie: 'a browser session',
  api_key: 'an API key',
};

export const command = defineCommand({
  name: 'whoami',
  usage: 'whoami [--json]',
  description: ['Shows who you are signed in as, on which server, and how.'],
  options: { ...jsonOption, ...urlOption, ...helpOption },
  examples: ['cape whoami', 'CAPE_API_KEY=cape_… cape whoami --json'],
  async run(ctx, { values, positionals }) {
    expectPositionals('whoami', positionals, { required: [] });
    const { io } = ctx;
    const connection = await connect(ctx);
    const me = await connection.client.auth.me.query();
    if (values.json) {
      printJson(io, { url: connection.url, ...me });
      return ExitCode.ok;
    }
    const { out } = io;
    io.print(`${out.bold(clean(me.user.displayName))} <${clean(me.user.email)}>`);
    io.print(`${out.dim('server')}  ${connection.url}`);
    io.print(`${out.dim('role  ')}  ${me.user.role}`);
    io.print(`${out.dim('via   ')}  ${VIA[me.via] ?? me.via} (${me.scopes.join(', ')})`);
    return ExitCode.ok;
  },
});
