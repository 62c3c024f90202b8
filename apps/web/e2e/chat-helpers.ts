import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newUser, registerViaApi, signIn, type TestUser } from './harness';

// Helpers for the agent and task pages' browser tests.

/** A new user, signed in through the form, on the home page. */
export async function signedIn(page: Page, baseUrl: string, name: string): Promise<TestUser> {
  const user = newUser(name);
  await registerViaApi(baseUrl, user);
  await page.goto('/sign-in');
  await signIn(page, user);
  await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
  return user;
}

export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' });
}

/** One question and its answer, found by the question (the article is named after it). */
export function turn(page: Page, question: string): Locator {
  return page.getByRole('article', { name: question, exact: true });
}

/** The streaming answer region of a turn. */
export function answerOf(article: Locator): Locator {
  return article.locator('[aria-live="polite"]');
}

/** Polls until the expectation holds: the server and the browser work at their own pace. */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000 });
}

/** Creates a Guide task over the API, with the page's cookies and CSRF token. */
export async function createTaskViaApi(page: Page, question: string): Promise<void> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'cape_csrf')?.value ?? '';
  const origin = new URL(page.url()).origin;
  const response = await page.context().request.post(`${origin}/trpc/task.create`, {
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, origin },
    data: { agent: 'cape-ai-guide', input: { question } },
  });
  expect(response.status()).toBe(200);
}

/** Makes the page look hidden or shown to its scripts, as switching tabs would. */
export async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate((value) => {
    const doc = (globalThis as unknown as { document: EventTarget & object }).document;
    Object.defineProperty(doc, 'visibilityState', { value, configurable: true });
    doc.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** The status of the user's newest task, asked over the API with the page's cookies. */
export async function newestTaskStatus(page: Page): Promise<string | null> {
  const input = encodeURIComponent(JSON.stringify({ limit: 1 }));
  const origin = new URL(page.url()).origin;
  const response = await page.context().request.get(`${origin}/trpc/task.list?input=${input}`);
  const body = (await response.json()) as {
    result?: { data?: { items?: { status: string }[] } };
  };
  return body.result?.data?.items?.[0]?.status ?? null;
}

/** Types a question in the composer labelled `label` and sends it with Enter. */
export async function ask(page: Page, label: string, question: string): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.fill(question);
  await box.press('Enter');
}
