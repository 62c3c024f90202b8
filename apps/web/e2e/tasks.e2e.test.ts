import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  answerOf,
  ask,
  createTaskViaApi,
  eventually,
  mainNav,
  signedIn,
  turn,
} from './chat-helpers';
import { launchBrowser, startServer, withPage, type E2eServer } from './harness';
import { createPacedLlm } from './paced-llm';

let server: E2eServer;
let browser: Browser;
const pacer = createPacedLlm();

beforeAll(async () => {
  server = await startServer({ llm: pacer.llm });
  browser = await launchBrowser();
});

afterEach(() => {
  // A test that failed half-way must not leave the next one's answers held.
  pacer.releaseAll();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the Domain Specialist', () => {
  test('detects the integration_helper domain for Stripe webhook retries, with a confidence and a playbook; its task page shows the steps', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Katherine Specialist');
      await mainNav(page).getByRole('link', { name: 'Specialist' }).click();
      await page.getByRole('heading', { name: 'CapeAI Domain Specialist', level: 1 }).waitFor();

      const question = 'How should we handle webhook retries from Stripe?';
      await ask(page, 'Your question', question);
      const article = turn(page, question);

      await article.getByText('Integration helper', { exact: true }).waitFor();
      const meter = article.getByRole('meter', { name: 'Confidence' });
      await meter.waitFor();
      const confidence = Number(await meter.getAttribute('aria-valuenow'));
      expect(confidence).toBeGreaterThan(0);
      expect(confidence).toBeLessThanOrEqual(100);
      expect(await meter.getAttribute('aria-valuetext')).toBe(`${confidence}%`);
      await article.getByText(`${confidence}%`, { exact: true }).waitFor();
      await article.getByText(/^Runner-up: /).waitFor();

      const playbook = article.getByRole('region', { name: 'Playbook' });
      const steps = playbook.getByRole('checkbox');
      await steps.first().waitFor();
      await article.getByRole('region', { name: 'Resources' }).waitFor();
      const count = await steps.count();
      expect(count).toBeGreaterThanOrEqual(3);
      await playbook.getByText('How to check:').first().waitFor();
      await steps.first().check();
      expect(await steps.first().isChecked()).toBe(true);
      await playbook.getByText(`1 of ${count} done`).waitFor();
      await article
        .getByRole('region', { name: 'Risks' })
        .getByText(/Severity: (High|Medium|Low)/)
        .first()
        .waitFor();

      await article.getByRole('link', { name: 'View task' }).click();
      await page.getByRole('heading', { name: 'CapeAI Domain Specialist', level: 1 }).waitFor();
      await page.getByText('Status: Succeeded').first().waitFor();
      const timeline = page.getByRole('region', { name: 'Steps' });
      for (const name of ['detect domain', 'plan', 'compose answer']) {
        await timeline.getByRole('heading', { name: new RegExp(`^Step \\d+: ${name}$`) }).waitFor();
      }
      const detect = timeline.getByRole('listitem').filter({
        has: page.getByRole('heading', { name: 'Step 1: detect domain' }),
      });
      await detect.getByText('Status: Succeeded').waitFor();
      await detect.getByText('Input and output').click();
      await detect.getByText('integration_helper').first().waitFor();
      await page.getByText('Integration helper', { exact: true }).first().waitFor();
    });
  });
});

describe('the task page', () => {
  test('follows a running task live, lists it as running, and cancels it after asking', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Hedy Live');
      await page.goto('/agents/guide');
      pacer.hold();
      const question = 'How do I create an API key?';
      await ask(page, 'Ask the Guide', question);
      const answer = answerOf(turn(page, question));
      pacer.release(2);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe('');

      // Leaving the chat closes its stream; the task goes on, and the list says so.
      await mainNav(page).getByRole('link', { name: 'Tasks' }).click();
      const row = page.getByRole('listitem').filter({ hasText: question });
      await row.getByText('Status: Running').waitFor();
      await page.getByText('Updating live').waitFor();

      await row.getByRole('link', { name: 'CapeAI Guide' }).click();
      await page.getByRole('heading', { name: 'CapeAI Guide', level: 1 }).waitFor();
      const output = page.getByRole('region', { name: 'Live output' });
      await eventually(async () => (await output.innerText()).trim()).not.toBe('No output yet.');
      const before = (await output.innerText()).trim();
      pacer.release(3);
      await eventually(async () => (await output.innerText()).trim()).not.toBe(before);
      const answerStep = page.getByRole('listitem').filter({
        has: page.getByRole('heading', { name: 'Step 2: answer' }),
      });
      await answerStep.getByText('Status: Running').waitFor();

      await page.getByRole('button', { name: 'Cancel task' }).click();
      const dialog = page.getByRole('dialog', { name: 'Cancel this task?' });
      await dialog.getByRole('button', { name: 'Keep running' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('Status: Running').first().waitFor();

      await page.getByRole('button', { name: 'Cancel task' }).click();
      await dialog.getByRole('button', { name: 'Cancel task' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('region', { name: 'Output' }).waitFor();
      await page.getByText('Status: Cancelled').first().waitFor();
      await answerStep.getByText('Status: Cancelled').waitFor();
      await page.getByRole('button', { name: 'Retry' }).waitFor();

      await mainNav(page).getByRole('link', { name: 'Tasks' }).click();
      await row.getByText('Status: Cancelled').waitFor();
      await page.getByText('Updating live').waitFor({ state: 'detached' });
    });
  });

  test('the tasks page loads more with the cursor, and is empty for a status with no tasks', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Ada Many');
      const questions = Array.from({ length: 23 }, (_, index) => `Question number ${index + 1}?`);
      for (const question of questions) await createTaskViaApi(page, question);

      await page.goto('/tasks');
      const rows = page.getByRole('main').getByRole('listitem');
      await page.getByText('Showing 20 tasks').waitFor();
      expect(await rows.count()).toBe(20);
      // Newest first.
      await rows.first().getByText('Question number 23?').waitFor();
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.getByText('Showing 23 tasks — that’s all of them').waitFor();
      expect(await rows.count()).toBe(23);
      await rows.last().getByText('Question number 1?').waitFor();
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Timed out', exact: true }).click();
      await page.getByText('No tasks with this status').waitFor();
      await page.getByRole('button', { name: 'Show all tasks' }).click();
      await eventually(() => new URL(page.url()).searchParams.get('status')).toBeNull();
      // Back to the list as it was, pages already loaded included.
      await page.getByText('Showing 23 tasks').waitFor();
    });
  });

  test('a task that does not exist, or is someone else’s, shows a not-found state', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Mary Missing');
      await page.goto('/tasks/3f2504e0-4f89-41d3-9a0c-0305e82c3301');
      await page.getByRole('heading', { name: 'Task not found', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Go to your tasks' }).click();
      await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
      await page.getByText('No tasks yet').waitFor();
    });
  });
});
