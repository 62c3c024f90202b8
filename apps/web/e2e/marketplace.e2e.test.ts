import type { CapeClient } from '@capecontrol/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { eventually, mainNav, signedIn } from './chat-helpers';
import {
  launchBrowser,
  newUser,
  registerViaApi,
  signIn,
  startServer,
  withPage,
  type E2eServer,
  type TestUser,
} from './harness';
import {
  digestManifest,
  registerPublisher,
  registerWithClient,
  summariserManifest,
  uniqueTag,
} from './marketplace-helpers';
import { createPacedLlm } from './paced-llm';

let server: E2eServer;
let browser: Browser;
let publisher: { user: TestUser; client: CapeClient };
const pacer = createPacedLlm();
const tag = uniqueTag();
const admin = newUser('Ada Admin', `admin-${tag}@example.com`);

beforeAll(async () => {
  server = await startServer({ llm: pacer.llm, env: { ADMIN_EMAIL: admin.email } });
  browser = await launchBrowser();
  // Two published agents, the second depending on the first.
  publisher = await registerPublisher(server.url, 'Pat Publisher');
  for (const manifest of [summariserManifest('1.0.0', tag), digestManifest('1.0.0', tag)]) {
    const result = await publisher.client.marketplace.agents.publish.mutate({ manifest });
    expect(result.status, JSON.stringify(result.report.findings)).toBe('published');
  }
});

afterEach(() => {
  pacer.releaseAll();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The search's parameters, as the address bar has them. */
function searchParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

describe('the marketplace, as a member', () => {
  test('search with a filter and a sort, install an agent with its dependency after seeing the plan, run it live, and review it', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Grace Member');
      const nav = mainNav(page);
      for (const hidden of ['Publish', 'Dashboard', 'Knowledge']) {
        expect(await nav.getByRole('link', { name: hidden }).count()).toBe(0);
      }
      await nav.getByRole('link', { name: 'Marketplace' }).click();
      await page.getByRole('heading', { name: 'Find an agent', level: 1 }).waitFor();

      // A filter (this run's tag) and a sort; the address keeps both.
      const tags = page.getByLabel('Tags', { exact: true });
      await tags.fill(tag);
      await tags.press('Enter');
      await eventually(() => searchParams(page).get('tags')).toBe(tag);
      await page.getByLabel('Sort by').selectOption('newest');
      await eventually(() => searchParams(page).get('sort')).toBe('newest');
      const results = page.getByRole('region', { name: /^Agents/ });
      await page.getByRole('status').filter({ hasText: '2 agents · Newest' }).waitFor();
      const titles = page.locator('.agent-list .agent-card__title');
      await eventually(() => titles.allInnerTexts()).toEqual(['Daily digest', 'Summariser']);

      // Back undoes the sort; Forward puts it back.
      await page.goBack();
      await eventually(() => searchParams(page).get('sort')).toBeNull();
      await eventually(() => page.getByLabel('Sort by').inputValue()).toBe('relevance');
      await page.goForward();
      await eventually(() => searchParams(page).get('sort')).toBe('newest');
      await page.getByRole('status').filter({ hasText: '2 agents · Newest' }).waitFor();

      await results.getByRole('link', { name: 'Daily digest' }).click();
      await page.getByRole('heading', { name: 'Daily digest', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'How it works', level: 4 }).waitFor();
      await page
        .getByRole('region', { name: 'Dependencies' })
        .getByRole('link', { name: 'acme/summariser' })
        .waitFor();
      await page.getByRole('region', { name: 'Validation report' }).getByRole('meter').waitFor();
      await page
        .getByRole('region', { name: 'Ratings and reviews' })
        .getByText('Install this agent and run it to review it', { exact: false })
        .waitFor();

      // The plan first: the dependency before the agent, and the new permission to consent to.
      await page.getByRole('button', { name: 'Install', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Install Daily digest' });
      await dialog.getByText('Installs acme/digest 1.0.0 with 1 dependency.').waitFor();
      const changes = dialog.getByRole('list', { name: 'Changes, in the order they are applied' });
      expect(await changes.getByRole('listitem').allInnerTexts()).toEqual([
        expect.stringMatching(/acme\/summariser\s*Dependency\s*Install 1\.\d\.\d/),
        expect.stringMatching(/acme\/digest\s*Requested\s*Install 1\.0\.0/),
      ]);
      await dialog.getByText('agent.call').waitFor();
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await dialog.getByText('Tick the box to allow these permissions, or cancel.').waitFor();
      await dialog.getByLabel('I allow these permissions').check();
      await dialog.getByRole('button', { name: 'Continue' }).click();

      // Settings: typed inputs; the secret one is a password field that starts empty.
      await dialog.getByRole('heading', { name: 'Settings' }).waitFor();
      expect(await dialog.getByLabel('Audience', { exact: true }).inputValue()).toBe('team');
      const token = dialog.getByLabel('Notes service token (optional)');
      expect(await token.getAttribute('type')).toBe('password');
      expect(await token.inputValue()).toBe('');
      await dialog.getByLabel('Audience', { exact: true }).selectOption('executives');
      await token.fill('notes-token-123');
      await dialog.getByRole('button', { name: 'Install', exact: true }).click();
      await dialog.getByRole('heading', { name: 'Installed' }).waitFor();
      await dialog.getByText('Installed 1.0.0').first().waitFor();
      await dialog.getByRole('link', { name: 'Run it now' }).click();

      // Run it and watch the output arrive in pieces.
      await page.getByRole('heading', { name: 'Daily digest', level: 1 }).waitFor();
      pacer.hold();
      await page
        .getByLabel('Input', { exact: true })
        .fill('Decided to ship on Friday. Sam writes the release notes by Thursday.');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await eventually(() => searchParams(page).get('task')).toMatch(/^[0-9a-f-]{36}$/);
      const output = page.locator('.run-result .answer');
      await page.getByRole('heading', { name: 'Live output' }).waitFor();
      await page.getByRole('button', { name: 'Stop' }).waitFor();
      pacer.release(1);
      await page.getByRole('heading', { name: /summarise → acme\/summariser$/ }).waitFor();
      await eventually(async () => (await output.innerText()).includes('Waiting for output')).toBe(
        false,
      );
      const first = (await output.innerText()).trim();
      expect(await output.getAttribute('aria-busy')).toBe('true');
      pacer.release(2);
      await eventually(async () => (await output.innerText()).trim()).not.toBe(first);
      pacer.releaseAll();
      await page.getByRole('heading', { name: 'Output', exact: true }).waitFor();
      await page.locator('.run-result').getByText('Status: Succeeded').waitFor();
      await eventually(() => output.getAttribute('aria-busy')).toBe('false');
      expect((await output.innerText()).trim().length).toBeGreaterThan(20);
      await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });

      // Having run it, review it.
      await page
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: 'Daily digest' })
        .click();
      await page.getByRole('heading', { name: 'Daily digest', level: 1 }).waitFor();
      await page.getByText('You have version 1.0.0.').waitFor();
      const reviews = page.getByRole('region', { name: 'Ratings and reviews' });
      await reviews.getByRole('heading', { name: 'Write a review' }).waitFor();
      await reviews.getByRole('button', { name: 'Publish your review' }).click();
      await reviews.getByText('From 1 to 5 stars').waitFor();
      await reviews.getByLabel('4 stars').check();
      await reviews
        .getByLabel('Your review')
        .fill('Turned a messy page of notes into three clear action items.');
      await reviews.getByRole('button', { name: 'Publish your review' }).click();
      await reviews.getByText('Your review', { exact: true }).waitFor();
      await reviews
        .getByText('Turned a messy page of notes into three clear action items.')
        .waitFor();
      await reviews.getByText('Rated 4 out of 5 from 1 review').first().waitFor();

      // The installed list shows both, the dependency as such.
      await page.goto('/marketplace/installed');
      await page.getByRole('heading', { name: 'Installed agents', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Daily digest', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Run Daily digest' }).waitFor();
      await page
        .getByRole('region', { name: 'Installed as dependencies' })
        .getByRole('link', { name: 'Summariser' })
        .waitFor();

      // Pages for other roles say so.
      await page.goto('/admin/knowledge');
      await page.getByRole('heading', { name: 'For administrators', level: 1 }).waitFor();
    });
  });
});

describe('publishing', () => {
  test('a publisher pastes a manifest, sees the live report (and JSON errors with their place), publishes, and finds the report on the agent page', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await page.goto('/sign-in');
      await signIn(page, publisher.user);
      await page.getByRole('heading', { name: `Welcome, ${publisher.user.name}` }).waitFor();
      await mainNav(page).getByRole('link', { name: 'Publish' }).click();
      await page.getByRole('heading', { name: 'Publish an agent', level: 1 }).waitFor();

      const editor = page.getByLabel('Manifest (JSON)');
      await editor.fill('{\n  "name": "acme/summariser"\n  "version": "1.1.0"\n}');
      await page.getByText('Not valid JSON at line 3, column 3', { exact: false }).waitFor();

      const manifest = summariserManifest('1.1.0', tag, {
        // A prompt agent has no use for agent.call: a warning, not a block.
        permissions: { network: [], tools: ['agent.call'] },
        readme: '# Summariser\n\nNow with owners on every action item.',
      });
      await editor.fill(JSON.stringify(manifest, null, 2));
      const report = page.getByRole('region', { name: 'Validation report' });
      await report.getByText('Up to date: passed with warnings').waitFor();
      await report.getByText('permissions.unneeded-tool').waitFor();
      await report.getByRole('meter').waitFor();

      await page.getByRole('button', { name: 'Publish acme/summariser 1.1.0' }).click();
      await page.getByText('Published acme/summariser 1.1.0').waitFor();
      await page.getByRole('link', { name: 'See acme/summariser 1.1.0 and its report' }).click();

      await page.getByRole('heading', { name: 'Summariser', level: 1 }).waitFor();
      await page.getByText('version 1.1.0', { exact: false }).first().waitFor();
      const agentReport = page.getByRole('region', { name: 'Validation report' });
      await agentReport.getByRole('heading', { name: 'Verdict: Passed with warnings' }).waitFor();
      await agentReport.getByText('permissions.unneeded-tool').waitFor();
      const versions = page.getByRole('region', { name: 'Versions' }).getByRole('table');
      await versions.getByRole('rowheader', { name: /1\.1\.0/ }).waitFor();
      await versions.getByRole('link', { name: 'Show version 1.0.0' }).waitFor();
    });
  });
});

describe('the knowledge base', () => {
  test('an administrator adds a document with a Markdown preview, and finds it in the list', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await registerViaApi(server.url, admin);
      await page.goto('/sign-in');
      await signIn(page, admin);
      await page.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();
      await mainNav(page).getByRole('link', { name: 'Knowledge' }).click();
      await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'New document' }).click();
      await page.getByRole('heading', { name: 'New document', level: 1 }).waitFor();

      const title = `Escalation policy ${tag}`;
      await page.getByLabel('Title', { exact: true }).fill(title);
      expect(await page.getByLabel('Slug', { exact: true }).inputValue()).toBe(
        `escalation-policy-${tag}`,
      );
      await page
        .getByLabel('Body (Markdown)')
        .fill(
          '# Escalation policy\n\n## When to page\n\nPage the on-call engineer for any **customer-facing** outage.',
        );
      await page.getByRole('button', { name: 'Preview' }).click();
      await page
        .getByRole('region', { name: 'Preview' })
        .getByRole('heading', { name: 'When to page' })
        .waitFor();
      await page.getByRole('button', { name: 'Add document' }).click();

      await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: title });
      await row.getByText('Added by an admin').waitFor();
      await row.getByText(`escalation-policy-${tag}`).waitFor();
      expect(Number(await row.getByRole('cell').nth(2).innerText())).toBeGreaterThanOrEqual(1);
    });
  });
});

describe('updating and uninstalling', () => {
  test('an update shows the version change and asks again for the permissions it adds; uninstall removes it', async ({
    task,
  }) => {
    // A member with acme/summariser 1.0.0 installed (through the client, as an app would)…
    const member = await registerWithClient(server.url, 'Uma Updater');
    await member.client.marketplace.agents.install.mutate({
      name: 'acme/summariser',
      version: '1.0.0',
    });
    // …then its publisher ships 1.2.0, which also wants to call other agents.
    const result = await publisher.client.marketplace.agents.publish.mutate({
      manifest: summariserManifest('1.2.0', tag, {
        permissions: { network: [], tools: ['agent.call'] },
      }),
    });
    expect(result.status).toBe('published');

    await withPage(browser, server.url, task.name, async ({ page }) => {
      await page.goto('/sign-in');
      await signIn(page, member.user);
      await page.getByRole('heading', { name: `Welcome, ${member.user.name}` }).waitFor();
      await page.goto('/marketplace/installed');
      const item = page.getByRole('listitem').filter({
        has: page.getByRole('heading', { name: 'Summariser' }),
      });
      await item.getByText('Update available: 1.2.0').waitFor();
      await item.getByRole('button', { name: 'Update Summariser' }).click();

      const dialog = page.getByRole('dialog', { name: 'Update Summariser' });
      await dialog.getByText('Updates acme/summariser from 1.0.0 to 1.2.0.').waitFor();
      await dialog.getByText('This update asks for more than you granted before:').waitFor();
      await dialog.getByText('agent.call').waitFor();
      await dialog.getByLabel('I allow these permissions').check();
      await dialog.getByRole('button', { name: 'Update', exact: true }).click();
      await dialog.getByRole('heading', { name: 'Updated' }).waitFor();
      await dialog.getByText('Updated 1.0.0 → 1.2.0').waitFor();
      await dialog.getByRole('button', { name: 'Close' }).last().click();
      await item.getByText('Version 1.2.0').waitFor();
      expect(await item.getByText(/Update available/).count()).toBe(0);

      await item.getByRole('button', { name: 'Uninstall Summariser' }).click();
      const confirm = page.getByRole('dialog', { name: 'Uninstall Summariser?' });
      await confirm.getByRole('button', { name: 'Uninstall', exact: true }).click();
      await page.getByText('Uninstalled acme/summariser. Your task history is kept.').waitFor();
      await page.getByText('No agents installed yet').waitFor();
    });
  });
});
