import { createCapeClient } from '@capecontrol/client';
import { helpOption, urlOption } from '../lib/args';
import { resolveServerUrl } from '../lib/connection';
import {
  deleteCredentials,
  readCredentials,
  withCredentialsLock,
  writeCredentials,
} from '../lib/credentials';
import { describeError, ExitCode } from '../lib/errors';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'logout',
  usage: 'logout [--url URL]',
  description: [
    'Ends your session on the server (the refresh token is revoked) and deletes the stored',
    'credentials for that server. An API key stays valid: revoke it in the web app.',
  ],
  options: { ...urlOption, ...helpOption },
  examples: ['cape logout'],
  async run(ctx, { positionals }) {
    expectPositionals('logout', positionals, { required: [] });
    const { io } = ctx;
    return withCredentialsLock(ctx.env.configDir, async () => {
      const file = await readCredentials(ctx.env.configDir);
      const url = resolveServerUrl(ctx, file);
      const stored = file.servers[url];
      if (!stored) {
        io.note(`Not signed in to ${url}; nothing to do.`);
        return ExitCode.ok;
      }
      if (stored.type === 'session') {
        try {
          await createCapeClient({ url }).auth.logout.mutate({ refreshToken: stored.refreshToken });
        } catch (error) {
          // Forget the credentials anyway; say that the server-side session may live on.
          const problem = describeError(error, url);
          io.note(
            io.err.yellow(`Warning: could not end the session on the server: ${problem.message}`),
          );
        }
      }
      const servers = { ...file.servers };
      delete servers[url];
      const remaining = Object.keys(servers);
      if (remaining.length === 0) {
        await deleteCredentials(ctx.env.configDir);
      } else {
        const current = file.current === url ? (remaining[0] ?? null) : file.current;
        await writeCredentials(ctx.env.configDir, { ...file, current, servers });
      }
      io.note(`${io.err.green('✓')} Signed out of ${url}.`);
      if (stored.type === 'apiKey') {
        io.note(
          io.err.dim('The API key itself is still valid; revoke it in the web app if needed.'),
        );
      }
      return ExitCode.ok;
    });
  },
});
