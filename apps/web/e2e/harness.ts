import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LlmClient } from '@capecontrol/api';
import { createTestDatabase } from '@capecontrol/db/testing';
import { createApp, parseEnv } from '@capecontrol/server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
/** The built SPA the server serves (`npm run build -w @capecontrol/web`). */
export const WEB_DIST_DIR = resolve(here, '..', 'dist');
/** Screenshots of failed tests (gitignored). */
export const ARTIFACTS_DIR = resolve(here, 'artifacts');

export interface E2eServer {
  url: string;
  /** Cuts every open connection, live streams included, as a flaky network or proxy would. */
  dropConnections(): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** A model client instead of the offline engine (a paced one, for streaming tests). */
  llm?: LlmClient;
  /** More server settings, as environment variables (`ADMIN_EMAIL`…). */
  env?: Record<string, string>;
}

/** The real server, in-process, serving the built SPA over a fresh test database. */
export async function startServer(options: ServerOptions = {}): Promise<E2eServer> {
  if (!existsSync(join(WEB_DIST_DIR, 'index.html'))) {
    throw new Error(
      `No built web app in ${WEB_DIST_DIR}: run "npm run build -w @capecontrol/web" first.`,
    );
  }
  const database = await createTestDatabase();
  const parsed = parseEnv({ ...options.env, WEB_DIST_DIR, LOG_LEVEL: 'silent' });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await createApp({
    env: parsed.env,
    database,
    ...(options.llm ? { llm: options.llm } : {}),
  });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    dropConnections() {
      app.server.closeAllConnections();
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

/** A user no other test shares. */
export function newUser(name = 'Ada Lovelace', email?: string): TestUser {
  return {
    name,
    email: email ?? `ada-${randomUUID().slice(0, 8)}@example.com`,
    password: 'correct horse battery staple',
  };
}

/** Creates an account through the API (for tests whose subject is not sign-up). */
export async function registerViaApi(baseUrl: string, user: TestUser): Promise<void> {
  const response = await fetch(`${baseUrl}/trpc/auth.register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: user.email,
      password: user.password,
      displayName: user.name,
      transport: 'bearer',
    }),
  });
  if (!response.ok) throw new Error(`register failed: ${response.status} ${await response.text()}`);
}

export interface PageSession {
  context: BrowserContext;
  page: Page;
}

/**
 * Runs `body` with a fresh browser context (own cookies and storage). Uncaught errors in the
 * page fail the test; on failure a full-page screenshot lands in e2e/artifacts/.
 */
export async function withPage(
  browser: Browser,
  baseURL: string,
  testName: string,
  body: (session: PageSession) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  context.on('weberror', (webError) => pageErrors.push(webError.error()));
  try {
    await body({ context, page });
    if (pageErrors.length > 0) {
      throw new Error(
        `Uncaught errors in the page:\n${pageErrors.map((error) => error.stack ?? error.message).join('\n')}`,
      );
    }
  } catch (error) {
    await saveScreenshots(context, testName);
    throw error;
  } finally {
    await context.close();
  }
}

async function saveScreenshots(context: BrowserContext, testName: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  await Promise.all(
    context.pages().map((page, index) =>
      page
        .screenshot({
          path: join(ARTIFACTS_DIR, `${slug}${index > 0 ? `-tab${index + 1}` : ''}.png`),
          fullPage: true,
        })
        .catch(() => undefined),
    ),
  );
}

/** Signs in through the form on the current page (which must be the sign-in page). */
export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A cookie's value in the context, or undefined. */
export async function cookieValue(
  context: BrowserContext,
  name: string,
): Promise<string | undefined> {
  const cookies = await context.cookies();
  return cookies.find((cookie) => cookie.name === name)?.value;
}
