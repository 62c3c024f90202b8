import { createCapeClient } from '@capecontrol/client';
import { helpOption, urlOption } from '../lib/args';
import { resolveServerUrl } from '../lib/connection';
import type { CommandContext } from '../lib/context';
import {
  credentialsPath,
  emptyCredentials,
  readCredentials,
  writeCredentials,
  type CredentialsFile,
  type StoredAuth,
} from '../lib/credentials';
import { CliError, ExitCode, serverErrorCode, UsageError } from '../lib/errors';
import { clean } from '../lib/output';
import { readLine, readSecret, readStdinLine } from '../lib/prompt';
import { defineCommand, expectPositionals } from './command';

export const command = defineCommand({
  name: 'login',
  usage: 'login [--url URL] [--email EMAIL] [--password-stdin | --api-key KEY]',
  description: [
    'Signs in to a CapeControl server and remembers it: with your email and password (the',
    'password is asked for without echo, or read from stdin with --password-stdin), or with an',
    'API key. Credentials are stored, readable only by you, in $CAPE_CONFIG_DIR/credentials.json',
    '(default ~/.config/capecontrol/credentials.json). CAPE_URL and CAPE_API_KEY override them.',
  ],
  options: {
    ...urlOption,
    email: { type: 'string', value: 'EMAIL', description: 'Your account email (asked if omitted)' },
    'password-stdin': {
      type: 'boolean',
      description: 'Read the password from the first line of stdin (for scripts)',
    },
    'api-key': {
      type: 'string',
      value: 'KEY',
      description: 'Sign in with an API key instead (`-` reads it from stdin)',
    },
    ...helpOption,
  },
  examples: [
    'cape login --url https://cape.example.com --email ada@example.com',
    'printf %s "$PASSWORD" | cape login --email ada@example.com --password-stdin',
    'cape login --api-key - < key.txt',
  ],
  async run(ctx, { values, positionals }) {
    expectPositionals('login', positionals, { required: [] });
    const { io } = ctx;
    const file = await readCredentials(ctx.env.configDir).catch((error: unknown) => {
      if (!(error instanceof CliError)) throw error;
      io.note(io.err.yellow(`${error.message} Starting a new one.`));
      return emptyCredentials();
    });
    const url = resolveServerUrl(ctx, file);
    const apiKeyValue = values['api-key'];

    let auth: StoredAuth;
    let who: string;
    if (apiKeyValue !== undefined) {
      if (values.email !== undefined || values['password-stdin']) {
        throw new UsageError('cape login: use either --api-key or --email/--password-stdin.');
      }
      const apiKey = apiKeyValue === '-' ? (await readStdinLine(io)).trim() : apiKeyValue;
      if (apiKey === '') throw new UsageError('cape login: the API key is empty.');
      const me = await createCapeClient({ url, apiKey }).auth.me.query().catch(refused);
      auth = { type: 'apiKey', apiKey, email: me.user.email };
      who = `${clean(me.user.displayName)} <${clean(me.user.email)}> with an API key (${me.scopes.join(', ')})`;
    } else {
      const email = values.email ?? (await askEmail(ctx));
      const password = await askPassword(ctx, values['password-stdin'] === true);
      const session = await createCapeClient({ url })
        .auth.login.mutate({ email, password, transport: 'bearer' })
        .catch(refused);
      if (!session.accessToken || !session.refreshToken) {
        throw new CliError(ExitCode.auth, 'The server did not return bearer tokens.');
      }
      auth = {
        type: 'session',
        email: session.user.email,
        accessToken: session.accessToken,
        accessTokenExpiresAt: session.accessTokenExpiresAt,
        refreshToken: session.refreshToken,
        refreshTokenExpiresAt: session.refreshTokenExpiresAt,
      };
      who = `${clean(session.user.displayName)} <${clean(session.user.email)}>`;
    }

    await endPreviousSession(url, file);
    const next: CredentialsFile = {
      ...file,
      current: url,
      servers: { ...file.servers, [url]: auth },
    };
    await writeCredentials(ctx.env.configDir, next);
    io.note(`${io.err.green('✓')} Signed in to ${url} as ${who}.`);
    io.note(io.err.dim(`Credentials saved in ${credentialsPath(ctx.env.configDir)}.`));
    if (ctx.env.apiKey) {
      io.note(
        io.err.yellow('Note: CAPE_API_KEY is set; it takes precedence over these credentials.'),
      );
    }
    return ExitCode.ok;
  },
});

/** The server said no: its words, without the usual "run cape login" hint. */
function refused(error: unknown): never {
  if (serverErrorCode(error) === 'UNAUTHORIZED') {
    throw new CliError(ExitCode.auth, error instanceof Error ? error.message : 'Sign-in refused.');
  }
  throw error;
}

async function askEmail(ctx: CommandContext): Promise<string> {
  if (!ctx.io.interactive) {
    throw new UsageError('cape login: --email is required when not run in a terminal.');
  }
  const email = (await readLine(ctx.io, 'Email: ')).trim();
  if (email === '') throw new UsageError('cape login: an email is required.');
  return email;
}

async function askPassword(ctx: CommandContext, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const password = await readStdinLine(ctx.io);
    if (password === '') throw new UsageError('cape login: no password on stdin.');
    return password;
  }
  if (!ctx.io.interactive) {
    throw new UsageError(
      'cape login: cannot ask for a password without a terminal.',
      'Pipe it in with --password-stdin, or use --api-key.',
    );
  }
  return readSecret(ctx.io, 'Password: ');
}

/** Signing in again replaces a session: revoke the old one on the server (best effort). */
async function endPreviousSession(url: string, file: CredentialsFile): Promise<void> {
  const previous = file.servers[url];
  if (previous?.type !== 'session') return;
  await createCapeClient({ url })
    .auth.logout.mutate({ refreshToken: previous.refreshToken })
    .catch(() => undefined);
}
