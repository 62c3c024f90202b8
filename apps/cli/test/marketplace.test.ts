import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cape, fixture, tempConfigDir } from './cape';
import { signedInUser, startTestServer, type TestServer } from './server';

const manifest = (name: string) =>
  JSON.parse(readFileSync(fixture(name), 'utf8')) as Record<string, unknown>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // Arrange through the API: a publisher owning the cli-test scope with two agents.
  const publisher = await signedInUser(server.url, 'publisher');
  await publisher.client.marketplace.publishers.register.mutate();
  for (const name of ['meeting-notes.json', 'release-digest.json']) {
    const result = await publisher.client.marketplace.agents.publish.mutate({
      manifest: manifest(name),
    });
    if (result.status !== 'published') throw new Error(`could not publish ${name}`);
  }
});
afterAll(async () => {
  await server?.close();
});

describe('cape publish', () => {
  it('publishes through the server pipeline, prints the report, and refuses a blocked manifest', async () => {
    const user = await signedInUser(server.url, 'author');
    await user.client.marketplace.publishers.register.mutate();
    const path = join(tempConfigDir(), 'standup.json');
    writeFileSync(
      path,
      JSON.stringify({
        ...manifest('meeting-notes.json'),
        name: 'author-scope/standup',
        displayName: 'Standup',
      }),
    );

    const dryRun = await cape(['publish', path, '--dry-run'], { configDir: user.configDir });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('✓ Passed');
    expect(dryRun.stderr).toContain('Dry run: nothing was published.');

    const published = await cape(['publish', path], { configDir: user.configDir });
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('author-scope/standup@1.0.0');
    expect(published.stderr).toContain('✓ Published author-scope/standup@1.0.0');
    expect(published.stderr).toMatch(/sha256 [0-9a-f]{64}/);
    const stored = await user.client.marketplace.agents.get.query({ name: 'author-scope/standup' });
    expect(stored.version).toBe('1.0.0');

    const again = await cape(['publish', path], { configDir: user.configDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already published');

    const blocked = await cape(['publish', fixture('incompatible-engines.json')], {
      configDir: user.configDir,
    });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('✗ Blocked');
    expect(blocked.stdout).toContain('engines.incompatible');
    expect(blocked.stderr).toContain('Not published');
  });

  it('refuses a user who is not a publisher (exit 3) with the server message', async () => {
    const user = await signedInUser(server.url, 'not-publisher');
    const result = await cape(['publish', fixture('meeting-notes.json')], {
      configDir: user.configDir,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Publishing needs a publisher account');
  });
});

describe('cape search and info', () => {
  it('finds published agents, with filters and sorts, as a table or JSON', async () => {
    const configDir = tempConfigDir(); // searching needs no account
    const result = await cape(['search', 'meeting', 'notes', '--url', server.url], { configDir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^NAME +VERSION +RATING +INSTALLS +DESCRIPTION/);
    expect(result.stdout).toContain('cli-test/meeting-notes');

    const filtered = await cape(
      [
        'search',
        '--category',
        'development',
        '--sort',
        'newest',
        '--limit',
        '5',
        '--json',
        '--url',
        server.url,
      ],
      { configDir },
    );
    expect(filtered.code, filtered.stderr).toBe(0);
    const names = (
      JSON.parse(filtered.stdout) as { items: Array<{ name: string; category: string }> }
    ).items;
    expect(names.map((item) => item.name)).toContain('cli-test/release-digest');
    expect(names.every((item) => item.category === 'development')).toBe(true);

    const badSort = await cape(['search', '--sort', 'popular', '--url', server.url], { configDir });
    expect(badSort.code).toBe(2);
    expect(badSort.stderr).toContain('Choose one of: relevance, installs');
  });

  it('shows an agent with its permissions and validation verdict', async () => {
    const result = await cape(['info', 'cli-test/release-digest', '--url', server.url], {
      configDir: tempConfigDir(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('cli-test/release-digest@1.0.0');
    expect(result.stdout).toMatch(/network +api\.github\.com/);
    expect(result.stdout).toMatch(/tools +http\.fetch/);
    expect(result.stdout).toContain('✓ Passed');

    const missing = await cape(['info', 'cli-test/nothing-here', '--url', server.url], {
      configDir: tempConfigDir(),
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cli-test/nothing-here');
  });
});

describe('cape install, list, uninstall', () => {
  it('asks for consent when permissions grow: refuses without a terminal, installs with --yes', async () => {
    const user = await signedInUser(server.url, 'installer');
    const refused = await cape(['install', 'cli-test/release-digest'], {
      configDir: user.configDir,
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Plan: install cli-test/release-digest@1.0.0');
    expect(refused.stdout).toMatch(
      /New permissions\n {2}network {2}api\.github\.com\n {2}tools {4}http\.fetch/,
    );
    expect(refused.stderr).toContain(
      'needs new permissions (api.github.com, http.fetch); not granted',
    );
    expect(refused.stderr).toContain('--yes');
    expect(await user.client.marketplace.installations.list.query()).toEqual([]);

    const installed = await cape(['install', 'cli-test/release-digest', '--yes'], {
      configDir: user.configDir,
    });
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stderr).toContain('✓ Installed cli-test/release-digest@1.0.0');
    const installations = await user.client.marketplace.installations.list.query();
    expect(installations.map((i) => [i.name, i.version])).toEqual([
      ['cli-test/release-digest', '1.0.0'],
    ]);

    const list = await cape(['list'], { configDir: user.configDir });
    expect(list.stdout).toMatch(/cli-test\/release-digest +1\.0\.0/);

    const twice = await cape(['install', 'cli-test/release-digest', '--yes'], {
      configDir: user.configDir,
    });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already installed');

    const removed = await cape(['uninstall', 'cli-test/release-digest'], {
      configDir: user.configDir,
    });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain('Removed cli-test/release-digest');
    expect(await user.client.marketplace.installations.list.query()).toEqual([]);
  });

  it('installs an agent that needs no new permissions without asking', async () => {
    const user = await signedInUser(server.url, 'quiet-installer');
    const result = await cape(['install', 'cli-test/meeting-notes@1.0.0', '--pin'], {
      configDir: user.configDir,
    });
    expect(result.code, result.stderr).toBe(0);
    const [installation] = await user.client.marketplace.installations.list.query();
    expect(installation).toMatchObject({
      name: 'cli-test/meeting-notes',
      version: '1.0.0',
      pinned: true,
    });
  });
});

describe('cape run (installed marketplace agent, offline engine)', () => {
  it('streams the answer to stdout, steps to stderr, and exits 0 when the task succeeds', async () => {
    const user = await signedInUser(server.url, 'runner');
    expect(
      (await cape(['install', 'cli-test/meeting-notes', '--yes'], { configDir: user.configDir }))
        .code,
    ).toBe(0);

    const notes = 'Decided to ship on Friday. Ada owns the release checklist, due Thursday.';
    const result = await cape(['run', 'cli-test/meeting-notes', notes], {
      configDir: user.configDir,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/▸ \S+/); // a step marker
    expect(result.stderr).toMatch(/✓ succeeded .*task ([0-9a-f-]{36})/);

    const taskId = /task ([0-9a-f-]{36})/.exec(result.stderr)?.[1] ?? '';
    const task = await user.client.task.get.query({ id: taskId });
    expect(task).toMatchObject({
      agent: 'cli-test/meeting-notes',
      status: 'succeeded',
      input: { input: notes },
    });
    // What streamed is the answer the task stored.
    expect(result.stdout).toContain((task.output as { answer: string }).answer.trim());

    // Input from stdin when no input arguments are given.
    const piped = await cape(['run', 'cli-test/meeting-notes'], {
      configDir: user.configDir,
      input: `${notes}\n`,
    });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout.trim().length).toBeGreaterThan(0);
  });
});
