import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  cookieValue,
  launchBrowser,
  newUser,
  registerViaApi,
  signIn,
  startServer,
  withPage,
  type E2eServer,
} from './harness';

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('signing up, in and out', () => {
  test('a new user signs up, signs out, signs in, then creates, sees and revokes an API key', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      const user = newUser();

      // Signed-out visitors are sent to sign-in.
      await page.goto('/');
      await page.getByRole('heading', { name: 'Sign in to CapeControl' }).waitFor();
      await page.getByRole('link', { name: 'Create an account' }).click();

      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill(user.name);
      await page.getByLabel('Email', { exact: true }).fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Create account' }).click();

      await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await expect.poll(() => page.title()).toBe('Home · CapeControl');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to CapeControl' }).waitFor();
      await page.getByText('You have signed out.').waitFor();
      expect(await cookieValue(page.context(), 'cape_rt')).toBeUndefined();

      await signIn(page, user);
      await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Account' })
        .click();
      await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
      await expect.poll(() => page.title()).toBe('Account · CapeControl');
      await page.getByText(user.email).first().waitFor();
      await page.getByText('No API keys yet').waitFor();

      // Create a key: the secret is shown once, and it works.
      await page.getByLabel('Name', { exact: true }).fill('CI deploy');
      await page.getByRole('checkbox', { name: 'Write' }).check();
      await page.getByLabel('Expires after').selectOption('30');
      await page.getByRole('button', { name: 'Create key' }).click();

      const secretField = page.getByLabel('Your new API key');
      await secretField.waitFor();
      await page.getByText("you won't see it again").waitFor();
      const secret = await secretField.inputValue();
      expect(secret).toMatch(/^cape_/);
      expect(await meStatusWithKey(secret)).toBe(200);

      const keyItem = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: 'CI deploy' }) });
      await keyItem.getByText('Status: Active').waitFor();
      await keyItem.getByText(`${secret.slice(0, 13)}…`).waitFor();
      expect(
        await keyItem.getByRole('list', { name: 'Scopes' }).getByRole('listitem').allTextContents(),
      ).toEqual(['read', 'write']);

      await page.getByRole('button', { name: "Done, I've saved it" }).click();
      await secretField.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(secret);

      // Revoke it, after confirming.
      await keyItem.getByRole('button', { name: 'Revoke CI deploy' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke this API key?' });
      await dialog.getByText('will stop working immediately').waitFor();
      await dialog.getByRole('button', { name: 'Revoke key' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await keyItem.getByText('Status: Revoked').waitFor();
      await page.getByText('API key “CI deploy” revoked').waitFor();
      expect(await keyItem.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
      expect(await meStatusWithKey(secret)).toBe(401);
    });
  });

  test('a wrong password shows the server’s message, and the right one then signs in', async ({
    task,
  }) => {
    const user = newUser('Grace Hopper');
    await registerViaApi(server.url, user);
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await page.goto('/sign-in');
      await signIn(page, { ...user, password: 'not the right password' });

      await page.getByRole('alert').filter({ hasText: 'Incorrect email or password.' }).waitFor();
      await page.getByRole('heading', { name: 'Sign in to CapeControl' }).waitFor();

      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
    });
  });

  test('sign-up checks the form with the shared schema and marks the problems inline', async ({
    task,
  }) => {
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await page.goto('/sign-up');
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').textContent()).toBe('Skip to main content');

      await page.getByLabel('Name', { exact: true }).fill('Ada');
      await page.getByLabel('Email', { exact: true }).fill('not-an-email');
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();

      const email = page.getByLabel('Email', { exact: true });
      const password = page.getByLabel('Password', { exact: true });
      await page.getByText('Enter a valid email address').waitFor();
      await page.getByText('Password must be at least 10 characters').waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(email)).toContain('Enter a valid email address');
      expect(await page.locator('input:focus').getAttribute('name')).toBe('email');
      expect(new URL(page.url()).pathname).toBe('/sign-up');
    });
  });
});

describe('staying signed in', () => {
  test('a deep link survives sign-in, and a reload on a client-side route keeps the user signed in', async ({
    task,
  }) => {
    const user = newUser('Katherine Johnson');
    await registerViaApi(server.url, user);
    await withPage(browser, server.url, task.name, async ({ page }) => {
      await page.goto('/account');
      await page.getByRole('heading', { name: 'Sign in to CapeControl' }).waitFor();
      expect(new URL(page.url()).searchParams.get('next')).toBe('/account');

      await signIn(page, user);
      await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');

      await page.reload();
      await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');

      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    });
  });

  test('an expired access cookie is refreshed behind the scenes, rotating the refresh token', async ({
    task,
  }) => {
    const user = newUser('Dorothy Vaughan');
    await registerViaApi(server.url, user);
    await withPage(browser, server.url, task.name, async ({ context, page }) => {
      await page.goto('/sign-in');
      await signIn(page, user);
      await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
      const refreshBefore = await cookieValue(context, 'cape_rt');
      expect(refreshBefore).toBeDefined();

      // What the browser does when the 15-minute access cookie expires.
      await context.clearCookies({ name: 'cape_at' });
      await page.goto('/account');
      await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
      await page.getByText('No API keys yet').waitFor();

      expect(await cookieValue(context, 'cape_at')).toBeDefined();
      const refreshAfter = await cookieValue(context, 'cape_rt');
      expect(refreshAfter).toBeDefined();
      expect(refreshAfter).not.toBe(refreshBefore);
    });
  });

  test('the access token is refreshed shortly before it expires, without any user action', async ({
    task,
  }) => {
    const user = newUser('Annie Easley');
    await registerViaApi(server.url, user);
    await withPage(browser, server.url, task.name, async ({ context, page }) => {
      // The page's clock runs normally until the test moves it forward.
      await page.clock.install();
      await page.goto('/sign-in');
      await signIn(page, user);
      await page.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
      const refreshBefore = await cookieValue(context, 'cape_rt');

      // 14.5 of the access token's 15 minutes later, the app has renewed it by itself.
      await page.clock.fastForward('14:30');
      await expect
        .poll(() => cookieValue(context, 'cape_rt'), { timeout: 10_000 })
        .not.toBe(refreshBefore);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    });
  });

  test('two tabs refreshing at once keep the session, and signing out in one signs out both', async ({
    task,
  }) => {
    const user = newUser('Mary Jackson');
    await registerViaApi(server.url, user);
    await withPage(browser, server.url, task.name, async ({ context, page: first }) => {
      await first.goto('/sign-in');
      await signIn(first, user);
      await first.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
      const second = await context.newPage();
      await second.goto('/account');
      await second.getByRole('heading', { name: 'Account', level: 1 }).waitFor();

      // Both tabs find the access cookie gone at the same moment. Presenting the same refresh
      // token twice would end the session (reuse detection), so the tabs must take turns. Each
      // refresh is held back a little so that uncoordinated tabs would surely overlap.
      await context.route('**/trpc/auth.refresh?*', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await route.continue();
      });
      await context.clearCookies({ name: 'cape_at' });
      await Promise.all([first.reload(), second.reload()]);
      await first.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
      await second.getByRole('heading', { name: 'Account', level: 1 }).waitFor();

      // The session is still alive: it can be refreshed again.
      await context.clearCookies({ name: 'cape_at' });
      await first.reload();
      await first.getByRole('heading', { name: `Welcome, ${user.name}` }).waitFor();
      await first.getByRole('button', { name: 'Sign out' }).waitFor();

      await first.getByRole('button', { name: 'Sign out' }).click();
      await first.getByRole('heading', { name: 'Sign in to CapeControl' }).waitFor();
      await second.getByRole('heading', { name: 'Sign in to CapeControl' }).waitFor();
      await second.getByText('You signed out in another tab.').waitFor();
    });
  });
});

/** The HTTP status of `auth.me` called with an API key, as an app would. */
async function meStatusWithKey(secret: string): Promise<number> {
  const response = await fetch(`${server.url}/trpc/auth.me`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  return response.status;
}

/** The text of the elements an input's aria-describedby points at. */
async function describedBy(locator: Locator): Promise<string> {
  const ids = ((await locator.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(
    ids.map((id) => locator.page().locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
}
