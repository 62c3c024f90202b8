import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCapeClient, isCapeError } from '@capecontrol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cape, tempConfigDir } from './cape';
import { deadUrl, PASSWORD, registerUser, startTestServer, type TestServer } from './server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface StoredSession {
  type: 'session';
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}
interface Stored {
  current: string;
  servers: Record<string, StoredSession | { type: 'apiKey'; apiKey: string }>;
}

const credentialsOf = (configDir: string) =>
  JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8')) as Stored;

function editSession(configDir: string, change: (session: StoredSession) => void): void {
  const file = credentialsOf(configDir);
  change(file.servers[server.url] as StoredSession);
  writeFileSync(join(configDir, 'credentials.json'), JSON.stringify(file));
}

async function signedIn(label: string) {
  const user = await registerUser(server.url, label);
  const configDir = tempConfigDir();
  const login = await cape(
    ['login', '--url', server.url, '--email', user.email, '--password-stdin'],
    { configDir, input: `${PASSWORD}\n` },
  );
  expect(login.code, login.stderr).toBe(0);
  return { user, configDir, login };
}

describe('cape login / whoami / logout', () => {
  it('signs in with --password-stdin, stores the tokens 0600, and whoami uses them', async () => {
    const { user, configDir, login } = await signedIn('login');
    expect(login.stderr).toContain(`Signed in to ${server.url} as CLI login <${user.email}>`);
    const path = join(configDir, 'credentials.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(credentialsOf(configDir)).toMatchObject({
      current: server.url,
      servers: { [server.url]: { type: 'session' } },
    });

    // No --url: the stored server is used.
    const whoami = await cape(['whoami'], { configDir });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout).toContain(`<${user.email}>`);
    expect(whoami.stdout).toMatch(/via +a session \(read, write, publish\)/);

    const json = await cape(['whoami', '--json'], { configDir });
    expect(JSON.parse(json.stdout)).toMatchObject({
      url: server.url,
      via: 'bearer',
      user: { email: user.email },
    });
  });

  it('refuses a wrong password with exit 3 and the server message', async () => {
    const user = await registerUser(server.url, 'wrong');
    const configDir = tempConfigDir();
    const result = await cape(
      ['login', '--url', server.url, '--email', user.email, '--password-stdin'],
      {
        configDir,
        input: 'not the password\n',
      },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Error: .*(email|password)/i);
    expect(existsSync(join(configDir, 'credentials.json'))).toBe(false);
  });

  it('refreshes an expired access token and stores the rotated pair', async () => {
    const { user, configDir } = await signedIn('refresh');
    const before = credentialsOf(configDir).servers[server.url] as StoredSession;
    editSession(configDir, (session) => {
      session.accessTokenExpiresAt = new Date(Date.now() - 60_000).toISOString();
    });

    const whoami = await cape(['whoami'], { configDir });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout).toContain(user.email);
    const after = credentialsOf(configDir).servers[server.url] as StoredSession;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(Date.parse(after.accessTokenExpiresAt)).toBeGreaterThan(Date.now());

    // The new pair keeps working.
    expect((await cape(['whoami'], { configDir })).code).toBe(0);
  });

  it('refreshes once when the server refuses an access token that looked valid', async () => {
    const { configDir } = await signedIn('refused');
    const before = credentialsOf(configDir).servers[server.url] as StoredSession;
    editSession(configDir, (session) => {
      session.accessToken = 'not-a-token';
    });
    const whoami = await cape(['whoami'], { configDir });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect((credentialsOf(configDir).servers[server.url] as StoredSession).refreshToken).not.toBe(
      before.refreshToken,
    );
  });

  it('asks to sign in again (exit 3) when the session cannot be refreshed', async () => {
    const { configDir } = await signedIn('ended');
    editSession(configDir, (session) => {
      session.accessTokenExpiresAt = new Date(Date.now() - 60_000).toISOString();
      session.refreshToken = 'revoked-or-unknown';
    });
    const whoami = await cape(['whoami'], { configDir });
    expect(whoami.code).toBe(3);
    expect(whoami.stderr).toContain(`Your session with ${server.url} has ended`);
    expect(whoami.stderr).toContain('cape login');
  });

  it('logout revokes the session on the server and deletes the credentials', async () => {
    const { configDir } = await signedIn('logout');
    const { refreshToken } = credentialsOf(configDir).servers[server.url] as StoredSession;

    const logout = await cape(['logout'], { configDir });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stderr).toContain(`Signed out of ${server.url}`);
    expect(existsSync(join(configDir, 'credentials.json'))).toBe(false);

    const refreshed = await createCapeClient({ url: server.url })
      .auth.refresh.mutate({ refreshToken })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isCapeError(refreshed, 'UNAUTHORIZED')).toBe(true);
    expect((await cape(['whoami', '--url', server.url], { configDir })).code).toBe(3);
  });

  it('signs in with an API key (from stdin or CAPE_API_KEY)', async () => {
    const user = await registerUser(server.url, 'key');
    const { secret } = await user.client.auth.apiKeys.create.mutate({
      name: 'cli',
      scopes: ['read'],
    });

    const configDir = tempConfigDir();
    const login = await cape(['login', '--url', server.url, '--api-key', '-'], {
      configDir,
      input: `${secret}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('with an API key (read)');
    const whoami = await cape(['whoami'], { configDir });
    expect(whoami.stdout).toMatch(/via +an API key \(read\)/);

    const fromEnv = await cape(['whoami'], {
      configDir: tempConfigDir(),
      env: { CAPE_URL: server.url, CAPE_API_KEY: secret },
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toContain(user.email);

    const badKey = await cape(['whoami'], {
      configDir: tempConfigDir(),
      env: { CAPE_URL: server.url, CAPE_API_KEY: 'cape_not_a_real_key' },
    });
    expect(badKey.code).toBe(3);
  });

  it('reports an unreachable server with exit 4, naming the URL it tried', async () => {
    const url = await deadUrl();
    const search = await cape(['search', 'notes', '--url', url], { configDir: tempConfigDir() });
    expect(search.code).toBe(4);
    expect(search.stderr).toContain(`Could not reach the CapeControl server at ${url}`);
    expect(search.stderr).not.toMatch(/\n\s+at /);

    const login = await cape(
      ['login', '--url', url, '--email', 'a@example.com', '--password-stdin'],
      {
        configDir: tempConfigDir(),
        input: `${PASSWORD}\n`,
      },
    );
    expect(login.code).toBe(4);
    expect(login.stderr).toContain(url);
  });
});
