import { randomUUID } from 'node:crypto';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { newUser, type TestUser } from './harness';

// Helpers for the marketplace pages' browser tests: a publisher and its agents, set up through
// the typed client as an app would, so the browser test starts from a populated registry.

/** A new user, and a client acting as them. */
export async function registerWithClient(
  baseUrl: string,
  name: string,
): Promise<{ user: TestUser; client: CapeClient }> {
  const user = newUser(name);
  const anonymous = createCapeClient({ url: baseUrl });
  const session = await anonymous.auth.register.mutate({
    email: user.email,
    password: user.password,
    displayName: user.name,
    transport: 'bearer',
  });
  const client = createCapeClient({ url: baseUrl, accessToken: session.accessToken ?? '' });
  return { user, client };
}

/** A user who became a publisher, and a client acting as them. */
export async function registerPublisher(
  baseUrl: string,
  name: string,
): Promise<{ user: TestUser; client: CapeClient }> {
  const registered = await registerWithClient(baseUrl, name);
  await registered.client.marketplace.publishers.register.mutate();
  return registered;
}

/** A tag only this run's agents carry, so searches never depend on what else is published. */
export function uniqueTag(): string {
  return `e2e-${randomUUID().slice(0, 8)}`;
}

/** A prompt agent that summarises text, with a knowledge document to cite. */
export function summariserManifest(version: string, tag: string, extra: object = {}) {
  return {
    name: 'acme/summariser',
    version,
    displayName: 'Summariser',
    description: 'Summarises meeting notes into decisions and action items.',
    category: 'productivity',
    tags: ['summary', tag],
    license: 'MIT',
    engines: { capecontrol: '>=0.1.0' },
    kind: 'prompt',
    prompt: {
      system: 'You turn meeting notes into a list of decisions and action items with owners.',
    },
    knowledge: [
      {
        title: 'Action items',
        body: '# Action items\n\nEvery action item names one owner and a due date. Decisions are listed before action items.',
      },
    ],
    readme: '# Summariser\n\nPaste your notes; get decisions and action items.',
    ...extra,
  };
}

/** A workflow agent that calls the summariser, with settings (one of them secret). */
export function digestManifest(version: string, tag: string) {
  return {
    name: 'acme/digest',
    version,
    displayName: 'Daily digest',
    description: 'Turns the day’s notes into a short digest by calling the summariser.',
    category: 'productivity',
    tags: ['digest', tag],
    license: 'MIT',
    engines: { capecontrol: '>=0.1.0' },
    kind: 'workflow',
    dependencies: { 'acme/summariser': '^1.0.0' },
    permissions: { network: [], tools: ['agent.call'] },
    config: [
      {
        key: 'audience',
        label: 'Audience',
        type: 'select',
        options: ['team', 'executives'],
        default: 'team',
      },
      {
        key: 'apiToken',
        label: 'Notes service token',
        type: 'string',
        secret: true,
        description: 'Used to fetch notes; kept encrypted.',
      },
    ],
    workflow: {
      steps: [
        {
          id: 'summarise',
          agent: 'acme/summariser',
          input: 'Summarise for the {{config.audience}}: {{input}}',
        },
      ],
    },
    readme:
      '# Daily digest\n\n## How it works\n\nIt hands your notes to **acme/summariser** and returns the digest.',
  };
}
