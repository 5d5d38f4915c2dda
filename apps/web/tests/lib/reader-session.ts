// Signing in to webmail from a browser of the test's own (the reader tests
// start Chromium behind a recording proxy, so the harness's browser will not do),
// the same steps as the harness's signIn, and the session's cookie for plain fetches.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestMailbox } from './webmail-harness.ts';

export async function signInWith(
  browser: Browser,
  baseUrl: string,
  who: TestMailbox,
  { locale = 'en', width = 1280, height = 900 }: { locale?: 'en' | 'de'; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, locale, extraHTTPHeaders: { 'Accept-Language': locale } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${baseUrl}/signin?callbackUrl=%2Fwebmail`);
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  await page.fill('#email', who.address);
  await page.fill('#password', who.password);
  await page.locator('form button[type=submit]').click();
  // The first sign-in of a fresh server compiles and connects: give a loaded machine time.
  await page.waitForURL(/\/webmail\/f\//, { timeout: 60_000 });
  return { context, page };
}

/** The context's cookies as a Cookie header. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}
