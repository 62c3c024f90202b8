import { createServer } from 'node:net';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { PASSWORD, uniqueEmail } from '../../server/test/helpers';
import { cape, tempConfigDir } from './cape';

export { startTestServer, type TestServer } from '../../server/test/helpers';
export { PASSWORD };

export interface TestUser {
  email: string;
  userId: string;
  /** The user's own client (bearer session), for arranging and checking through the API. */
  client: CapeClient;
}

/** Registers a user through the API, as the web app would. */
export async function registerUser(url: string, label = 'cli'): Promise<TestUser> {
  const email = uniqueEmail(label);
  const session = await createCapeClient({ url }).auth.register.mutate({
    email,
    password: PASSWORD,
    displayName: `CLI ${label}`,
    transport: 'bearer',
  });
  const accessToken = session.accessToken as string;
  return { email, userId: session.user.id, client: createCapeClient({ url, accessToken }) };
}

/** A local URL where nothing listens (a port that was free a moment ago). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A user registered through the API and signed in to `cape` (its own config directory). */
export async function signedInUser(
  url: string,
  label: string,
): Promise<TestUser & { configDir: string }> {
  const user = await registerUser(url, label);
  const configDir = tempConfigDir();
  const login = await cape(['login', '--url', url, '--email', user.email, '--password-stdin'], {
    configDir,
    input: `${PASSWORD}\n`,
  });
  if (login.code !== 0) throw new Error(`cape login failed: ${login.stderr}`);
  return { ...user, configDir };
}
