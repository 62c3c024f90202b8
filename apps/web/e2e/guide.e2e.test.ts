import type { Browser, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  answerOf,
  ask,
  eventually,
  mainNav,
  newestTaskStatus,
  setVisibility,
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

describe('the Guide', () => {
  test('answers how to publish an agent: the answer arrives in pieces, with sources and follow-up suggestions', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Ada Guide');
      await mainNav(page).getByRole('link', { name: 'Guide' }).click();
      await page.getByRole('heading', { name: 'CapeAI Guide', level: 1 }).waitFor();
      await eventually(() => page.title()).toBe('CapeAI Guide · CapeControl');
      await page.getByText('Ask your first question').waitFor();

      // The model writes one chunk at a time, when the test says so.
      pacer.hold();
      const question = 'How do I publish an agent?';
      await ask(page, 'Ask the Guide', question);
      const article = turn(page, question);
      const answer = answerOf(article);
      await article.waitFor();
      expect(await page.getByLabel('Ask the Guide', { exact: true }).inputValue()).toBe('');

      pacer.release(1);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe('');
      const first = (await answer.innerText()).trim();
      // Still streaming: busy (screen readers wait), Stop offered, the connection shown.
      expect(await answer.getAttribute('aria-busy')).toBe('true');
      await page.getByRole('button', { name: 'Stop' }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();

      pacer.release(1);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe(first);
      const second = (await answer.innerText()).trim();
      expect(second.length).toBeGreaterThan(first.length);
      expect(second.startsWith(first.slice(0, 10))).toBe(true);
      expect(await answer.getAttribute('aria-busy')).toBe('true');

      pacer.releaseAll();
      const suggestions = article.getByRole('group', { name: 'Ask next' }).getByRole('button');
      await suggestions.first().waitFor();
      await eventually(() => answer.getAttribute('aria-busy')).toBe('false');
      const final = (await answer.innerText()).trim();
      expect(final.length).toBeGreaterThan(second.length);
      expect(final).toMatch(/publish/i);
      expect(await suggestions.count()).toBeGreaterThanOrEqual(2);
      await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });

      // Numbered sources, and [n] markers in the text that link to them.
      const sources = article.getByRole('region', { name: 'Sources' }).getByRole('listitem');
      expect(await sources.count()).toBeGreaterThanOrEqual(1);
      expect(await sources.first().innerText()).toMatch(/Publishing agents/);
      const marker = answer.getByRole('link', { name: /^Source \d+:/ }).first();
      const target = await marker.getAttribute('href');
      expect(target).toMatch(/^#.+-source-\d+$/);
      await marker.click();
      await eventually(() => page.locator(':focus').getAttribute('id')).toBe(target?.slice(1));

      // A suggestion is a question: choosing it asks it.
      const followUp = (await suggestions.first().innerText()).trim();
      await suggestions.first().click();
      const next = turn(page, followUp);
      await next.getByRole('link', { name: 'View task' }).waitFor();
      await eventually(() => answerOf(next).getAttribute('aria-busy')).toBe('false');
      expect((await answerOf(next).innerText()).trim()).not.toBe('');
    });
  });

  test('Stop keeps the partial answer, marks it stopped, and the task ends cancelled', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Grace Stop');
      await page.goto('/agents/guide');
      pacer.hold();
      const question = 'How do I install an agent from the marketplace?';
      await ask(page, 'Ask the Guide', question);
      const article = turn(page, question);
      const answer = answerOf(article);

      pacer.release(2);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe('');
      const partial = (await answer.innerText()).trim();

      await page.getByRole('button', { name: 'Stop' }).click();
      await article.getByText('Stopped', { exact: true }).waitFor();
      await article.getByText('the answer above is what had arrived so far').waitFor();
      expect(await answer.innerText()).toContain(partial);
      expect(await answer.getAttribute('aria-busy')).toBe('false');
      // Focus stays in the composer, ready for the next question.
      await page.getByLabel('Ask the Guide', { exact: true }).and(page.locator(':focus')).waitFor();

      await article.getByRole('link', { name: 'View task' }).click();
      await page.getByRole('heading', { name: 'CapeAI Guide', level: 1 }).waitFor();
      await page.getByText('Status: Cancelled').first().waitFor();
      const answerStep = page.getByRole('listitem').filter({
        has: page.getByRole('heading', { name: 'Step 2: answer' }),
      });
      await answerStep.getByText('Status: Cancelled').waitFor();
      await page.getByText('Partial output, kept when the task stopped:').waitFor();
      await page.getByRole('button', { name: 'Retry' }).waitFor();

      // The tasks page lists it; filtering by status keeps the filter in the address.
      await mainNav(page).getByRole('link', { name: 'Tasks' }).click();
      await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'CapeAI Guide' }).first().waitFor();
      await page.getByRole('button', { name: 'Succeeded', exact: true }).click();
      await eventually(() => new URL(page.url()).searchParams.get('status')).toBe('succeeded');
      await page.getByText('No tasks with this status').waitFor();
      await page.getByRole('button', { name: 'Cancelled', exact: true }).click();
      await eventually(() => new URL(page.url()).searchParams.get('status')).toBe(
        'succeeded,cancelled',
      );
      const rows = page.getByRole('list').filter({ has: page.getByText('Status: Cancelled') });
      await rows.getByText(question).waitFor();
      await page.reload();
      expect(
        await page
          .getByRole('button', { name: 'Cancelled', exact: true })
          .getAttribute('aria-pressed'),
      ).toBe('true');
      await page.getByText(question).waitFor();
    });
  });

  test('a reload mid-answer resumes the stream where it was: nothing lost, nothing repeated', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Annie Reload');
      await page.goto('/agents/guide');
      pacer.hold();
      const question = 'What goes in an agent manifest?';
      await ask(page, 'Ask the Guide', question);
      const answer = answerOf(turn(page, question));
      // Exactly one chunk, so what is on screen is all the stream has sent.
      pacer.release(1);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe('');
      const partial = (await answer.innerText()).trim();

      await page.reload();
      // The conversation is still there, and picks up from the last event it had.
      await eventually(async () => (await answer.innerText()).trim()).toBe(partial);
      pacer.releaseAll();
      await eventually(() => answer.getAttribute('aria-busy')).toBe('false');
      const streamed = (await answer.innerText()).trim();
      expect(streamed.length).toBeGreaterThan(partial.length);

      // The same answer as the one stored with the task, rendered by the task page.
      await turn(page, question).getByRole('link', { name: 'View task' }).click();
      const stored = page.getByRole('region', { name: 'Output' }).locator('.rich-text').first();
      await stored.waitFor();
      expect((await stored.innerText()).trim()).toBe(streamed);
    });
  });

  test('a hidden page closes its stream, and picks the answer up again when shown', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Joan Hidden');
      await page.goto('/agents/guide');
      pacer.hold();
      const question = 'How do I publish an agent?';
      await ask(page, 'Ask the Guide', question);
      const answer = answerOf(turn(page, question));
      pacer.release(2);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe('');

      // Browsers allow about six connections per origin: a hidden tab gives its stream back.
      const closed = page.waitForEvent('requestfailed', (request) =>
        request.url().includes('/trpc/agent.guide.stream'),
      );
      await setVisibility(page, 'hidden');
      await closed;
      await page.getByRole('status').filter({ hasText: 'Paused while hidden' }).waitFor();

      pacer.releaseAll();
      const reopened = page.waitForRequest('**/trpc/agent.guide.stream?*');
      await setVisibility(page, 'visible');
      const request = await reopened;
      // Resumed after the last event received, not from the start.
      const input = JSON.parse(new URL(request.url()).searchParams.get('input') ?? '{}') as {
        lastEventId?: string;
      };
      expect(Number(input.lastEventId)).toBeGreaterThan(0);
      await turn(page, question).getByRole('group', { name: 'Ask next' }).waitFor();
      await eventually(() => answer.getAttribute('aria-busy')).toBe('false');
    });
  });

  test('a dropped connection shows “Reconnecting…” and resumes without a gap', async ({ task }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Mary Offline');
      await page.goto('/agents/guide');
      pacer.hold();
      const question = 'How do I install an agent from the marketplace?';
      await ask(page, 'Ask the Guide', question);
      const answer = answerOf(turn(page, question));
      pacer.release(2);
      await eventually(async () => (await answer.innerText()).trim()).not.toBe('');
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();

      // The network goes: the connection drops, and reconnecting fails for a while.
      const refuse = (route: Route) => route.abort('connectionreset');
      await page.route('**/trpc/agent.guide.stream?*', refuse);
      server.dropConnections();
      await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
      // The answer goes on on the server meanwhile; then the network comes back.
      pacer.releaseAll();
      await page.unroute('**/trpc/agent.guide.stream?*', refuse);
      await eventually(() => answer.getAttribute('aria-busy')).toBe('false');
      const streamed = (await answer.innerText()).trim();

      await turn(page, question).getByRole('link', { name: 'View task' }).click();
      const stored = page.getByRole('region', { name: 'Output' }).locator('.rich-text').first();
      await stored.waitFor();
      expect((await stored.innerText()).trim()).toBe(streamed);
    });
  });

  test('a stream refused for an expired access cookie refreshes the session and goes on', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ context, page }) => {
      await signedIn(page, server.url, 'Katherine Expired');
      await page.goto('/agents/guide');
      await page.getByText('Ask your first question').waitFor();
      const refreshed = page.waitForRequest('**/trpc/auth.refresh?*');
      // What the browser does when the 15-minute access cookie expires.
      await context.clearCookies({ name: 'cape_at' });
      const question = 'How do I create an API key?';
      await ask(page, 'Ask the Guide', question);
      await refreshed;
      const article = turn(page, question);
      await article.getByRole('group', { name: 'Ask next' }).waitFor();
      expect((await answerOf(article).innerText()).trim()).not.toBe('');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    });
  });

  test('a failed answer says why in words, and Retry runs it again as a new task', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Dorothy Retry');
      await page.goto('/agents/guide');
      pacer.failNext('The model stopped answering.');
      const question = 'How do API keys work?';
      await ask(page, 'Ask the Guide', question);
      const article = turn(page, question);
      await article.getByText('Failed', { exact: true }).waitFor();
      await article
        .getByRole('alert')
        .filter({ hasText: 'The model stopped answering.' })
        .waitFor();

      await article.getByRole('button', { name: 'Retry' }).click();
      await article.getByRole('group', { name: 'Ask next' }).waitFor();
      await eventually(() => answerOf(article).getAttribute('aria-busy')).toBe('false');
      expect(await article.getByRole('alert').count()).toBe(0);
      expect((await answerOf(article).innerText()).trim()).not.toBe('');

      await article.getByRole('link', { name: 'View task' }).click();
      await page.getByText('Status: Succeeded').first().waitFor();
      await page.getByText('Retry of').waitFor();
    });
  });

  test('Stop pressed before the stream has even created the task still cancels it', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await signedIn(page, server.url, 'Hedy Early');
      await page.goto('/agents/guide');
      // Hold the stream's request back until after Stop, as a slow network would.
      let letStreamThrough: () => void = () => undefined;
      const streamHeld = new Promise<void>((resolve) => (letStreamThrough = resolve));
      await page.route('**/trpc/agent.guide.stream?*', async (route) => {
        await streamHeld;
        await route.continue();
      });

      // Even a worker that claims the task in the instant between create and cancel writes
      // nothing before the cancel lands.
      pacer.hold();
      const question = 'How do I cancel a running task?';
      await ask(page, 'Ask the Guide', question);
      const article = turn(page, question);
      await article.waitFor();
      // The stream has not created the task: Stop creates it (same id and input) to cancel it.
      const created = page.waitForRequest('**/trpc/task.create?*');
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByRole('button', { name: 'Stopping…' }).waitFor();
      await created;
      // The task is cancelled on the server before the stream got there; let it through now.
      await eventually(() => newestTaskStatus(page)).toBe('cancelled');
      letStreamThrough();

      await article.getByText('Stopped before the agent answered.').waitFor();
      await article.getByRole('link', { name: 'View task' }).click();
      await page.getByText('Status: Cancelled').first().waitFor();
      expect(await page.getByRole('region', { name: 'Output' }).innerText()).not.toMatch(
        /Partial output/,
      );
    });
  });
});
