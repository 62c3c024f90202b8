import { createCapeClient, type CapeClient } from '@capecontrol/client';
import type { CommandContext } from './context';
import {
  normalizeServerUrl,
  readCredentials,
  writeCredentials,
  withCredentialsLock,
  type CredentialsFile,
  type StoredSession,
} from './credentials';
import { CliError, ExitCode, serverErrorCode, UsageError } from './errors';

export const DEFAULT_URL = 'http://localhost:3000';

/** Refresh this long before the access token expires, so a request never races the expiry. */
const REFRESH_MARGIN_MS = 30_000;

export interface Connection {
  url: string;
  client: CapeClient;
  via: 'session' | 'apiKey' | 'anonymous';
}

/** The server to talk to: --url, then CAPE_URL, then the one `cape login` stored, then localhost. */
export function resolveServerUrl(ctx: CommandContext, file: CredentialsFile | null): string {
  const raw = ctx.urlFlag ?? ctx.env.url ?? file?.current ?? DEFAULT_URL;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`"${raw}" is not an http(s) URL.`, 'Example: --url http://localhost:3000');
  }
  const url = normalizeServerUrl(raw);
  ctx.serverUrl = url;
  return url;
}

/**
 * A typed client for the chosen server, signed in with CAPE_API_KEY or the stored credentials.
 * Session access tokens are refreshed shortly before they expire and once more if the server
 * refuses one; every refresh stores the new token pair (refresh tokens work once).
 */
export async function connect(
  ctx: CommandContext,
  options: { signedIn: boolean } = { signedIn: true },
): Promise<Connection> {
  const file = await readCredentials(ctx.env.configDir);
  const url = resolveServerUrl(ctx, file);
  if (ctx.env.apiKey) {
    return { url, via: 'apiKey', client: createCapeClient({ url, apiKey: ctx.env.apiKey }) };
  }
  const stored = file.servers[url];
  if (stored?.type === 'apiKey') {
    return { url, via: 'apiKey', client: createCapeClient({ url, apiKey: stored.apiKey }) };
  }
  if (stored?.type === 'session') {
    return { url, via: 'session', client: sessionClient(ctx, url, stored) };
  }
  if (options.signedIn) {
    throw new CliError(
      ExitCode.auth,
      `Not signed in to ${url}.`,
      'Run `cape login` (or set CAPE_API_KEY).',
    );
  }
  return { url, via: 'anonymous', client: createCapeClient({ url }) };
}

function sessionClient(ctx: CommandContext, url: string, initial: StoredSession): CapeClient {
  let session = initial;
  let refreshing: Promise<void> | null = null;
  const anonymous = createCapeClient({ url });

  const refresh = (): Promise<void> => {
    refreshing ??= refreshSession(ctx, url, anonymous, session)
      .then((next) => {
        session = next;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  const accessToken = async (): Promise<string> => {
    if (Date.parse(session.accessTokenExpiresAt) - Date.now() < REFRESH_MARGIN_MS) await refresh();
    return session.accessToken;
  };

  // A 401 with a token that looked valid (the server restarted with a new secret, a clock is
  // off): refresh once and send the same request again. It was refused, so it had no effect.
  const fetchWithRetry: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status !== 401) return response;
    const spent = session.accessToken;
    await refresh().catch(() => undefined);
    if (session.accessToken === spent) return response;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${session.accessToken}`);
    return fetch(input, { ...init, headers });
  };

  return createCapeClient({ url, accessToken, fetch: fetchWithRetry });
}

/** Exchanges the refresh token for a new pair and stores it, under the credentials lock. */
async function refreshSession(
  ctx: CommandContext,
  url: string,
  anonymous: CapeClient,
  current: StoredSession,
): Promise<StoredSession> {
  return withCredentialsLock(ctx.env.configDir, async () => {
    const file = await readCredentials(ctx.env.configDir);
    const stored = file.servers[url];
    // Another cape process may have refreshed while this one waited: its pair is the live one
    // (the token this process holds is spent, and spending it again would end the session).
    const latest = stored?.type === 'session' && stored.email === current.email ? stored : current;
    if (
      latest.refreshToken !== current.refreshToken &&
      Date.parse(latest.accessTokenExpiresAt) - Date.now() > REFRESH_MARGIN_MS
    ) {
      return latest;
    }
    let result;
    try {
      result = await anonymous.auth.refresh.mutate({ refreshToken: latest.refreshToken });
    } catch (error) {
      if (serverErrorCode(error) === 'UNAUTHORIZED') {
        const reason = error instanceof Error ? error.message : '';
        throw new CliError(
          ExitCode.auth,
          `Your session with ${url} has ended${reason ? `: ${reason}` : '.'}`,
          'Sign in again with `cape login`.',
        );
      }
      throw error;
    }
    if (!result.accessToken || !result.refreshToken) {
      throw new CliError(ExitCode.auth, 'The server did not return bearer tokens on refresh.');
    }
    const next: StoredSession = {
      type: 'session',
      email: result.user.email,
      accessToken: result.accessToken,
      accessTokenExpiresAt: result.accessTokenExpiresAt,
      refreshToken: result.refreshToken,
      refreshTokenExpiresAt: result.refreshTokenExpiresAt,
    };
    await writeCredentials(ctx.env.configDir, {
      ...file,
      servers: { ...file.servers, [url]: next },
    });
    return next;
  });
}
