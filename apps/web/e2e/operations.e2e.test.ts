import { randomUUID } from 'node:crypto';
import { startFakeOpenAi, type FakeOpenAi } from '@capecontrol/api/testing';
import { GUIDE_AGENT_ID } from '@capecontrol/schema';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually, mainNav } from './chat-helpers';
import {
  launchBrowser,
  newUser,
  registerViaApi,
  signIn,
  startServer,
  withPage,
  type E2eServer,
} from './harness';
import { registerWithClient } from './marketplace-helpers';

let server: E2eServer;
let browser: Browser;
let fake: FakeOpenAi;
const admin = newUser('Olga Operator', `ops-admin-${randomUUID().slice(0, 8)}@example.com`);

beforeAll(async () => {
  // A model endpoint that answers normally, except when a test queues a failure.
  fake = await startFakeOpenAi();
  server = await startServer({
    env: {
      ADMIN_EMAIL: admin.email,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-e2e-operations',
      LLM_MAX_RETRIES: '0',
    },
  });
  browser = await launchBrowser();
  await registerViaApi(server.url, admin);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
});

describe('Admin → Operations', () => {
  test('lists a task that failed on a 500 from the model, with its error, and re-drives it to success', async ({
    task,
  }) => {
    // A member's task fails: the model endpoint answers 500 (no retries configured).
    const { user, client } = await registerWithClient(server.url, 'Mary Member');
    fake.enqueue({ kind: 'status', status: 500, body: { error: { message: 'upstream broke' } } });
    const failed = await client.task.create.mutate({
      agent: GUIDE_AGENT_ID,
      input: { question: 'How do I publish an agent?' },
    });
    await eventually(async () => (await client.task.get.query({ id: failed.id })).status).toBe(
      'failed',
    );
    const failure = await client.task.get.query({ id: failed.id });

    await withPage(browser, server.url, task.name, async ({ page }) => {
      await page.goto('/sign-in');
      await signIn(page, admin);
      await page.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();
      await mainNav(page).getByRole('link', { name: 'Operations' }).click();
      await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();

      const failedLastHour = page
        .getByRole('term')
        .filter({ hasText: 'Failed, last hour' })
        .locator('xpath=following-sibling::dd[1]');
      expect(await failedLastHour.textContent()).toBe('1');

      const failures = page.getByRole('region', { name: 'Recent failures' });
      const row = failures.locator(`tr[data-task-id="${failed.id}"]`);
      await row.waitFor();
      await row.getByText(user.email, { exact: true }).waitFor();
      await row.getByText(failure.error?.code ?? 'llm_unavailable', { exact: true }).waitFor();
      expect(await row.textContent()).toContain('Failed');

      // Keyboard: the Re-drive button opens a confirmation whose safe choice has the focus.
      const redrive = row.getByRole('button', { name: /^Re-drive/ });
      await redrive.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Re-drive this task?' });
      await dialog.waitFor();
      await dialog.getByText(user.email, { exact: true }).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).and(page.locator(':focus')).waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });

      await redrive.click();
      await dialog.getByRole('button', { name: 'Re-drive task' }).click();
      await page
        .getByText(/^Re-drove task [0-9a-f]{8}: it runs again as task [0-9a-f]{8}\.$/)
        .waitFor();
      await dialog.waitFor({ state: 'hidden' });

      // The model answers this time: the new task, the owner's, succeeds, and the row says so.
      await row.getByText('Retried as').waitFor();
      await row.getByText('Succeeded').waitFor({ timeout: 20_000 });
      await row.getByRole('button', { name: /^Re-drive again/ }).waitFor();
    });

    const { items } = await client.task.list.query({ limit: 5 });
    const rerun = items.find((item) => item.retryOf === failed.id);
    expect(rerun).toMatchObject({ status: 'succeeded', agent: GUIDE_AGENT_ID });
  });

  test('members neither see Operations in the navigation nor open the page', async ({ task }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      const member = newUser('Nina Nobody');
      await registerViaApi(server.url, member);
      await page.goto('/sign-in');
      await signIn(page, member);
      await page.getByRole('heading', { name: `Welcome, ${member.name}` }).waitFor();
      expect(await mainNav(page).getByRole('link', { name: 'Operations' }).count()).toBe(0);
      await page.goto('/admin/operations');
      await page.getByRole('heading', { name: 'For administrators' }).waitFor();
    });
  });
});
