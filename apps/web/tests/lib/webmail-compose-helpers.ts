// Shared steps of the compose browser tests (webmail-compose*.test.ts).
import type { ImapFlow } from 'imapflow';
import type { Page } from 'playwright-core';
import type { WebmailHarness } from './webmail-harness.ts';

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * One sign-in and a compose page before the tests: a freshly started server
 * on a busy machine can take longer than signIn's wait for its first pages.
 */
export async function warmUp(h: WebmailHarness): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const context = await h.browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(`${h.web.baseUrl}/signin?callbackUrl=%2Fwebmail%2Fcompose`);
      await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      await page.fill('#email', h.anna.address);
      await page.fill('#password', h.anna.password);
      await page.locator('form button[type=submit]').click();
      await page.getByTestId('compose-editor').waitFor();
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    } finally {
      await context.close();
    }
  }
}

/** Types at the very start of the text (above the signature and any quote). */
export async function typeBody(page: Page, text: string): Promise<void> {
  // Focus, not click: a click puts the cursor where it lands, and Ctrl+Home right after it can come too early.
  await page.getByTestId('compose-editor').evaluate((element) => (element as HTMLElement).focus());
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type(text);
}

export async function addRecipient(page: Page, field: 'to' | 'cc' | 'bcc', address: string): Promise<void> {
  if (field !== 'to' && !(await page.locator(`#compose-${field}`).isVisible())) {
    await page.getByRole('button', { name: field === 'cc' ? 'Add Cc' : 'Add Bcc' }).click();
  }
  await page.locator(`#compose-${field}`).fill(address);
  await page.locator(`#compose-${field}`).press('Enter');
  await page.locator(`[data-testid=recipients-${field}] [data-testid=recipient-chip][data-address="${address}"]`).waitFor();
}

/** The raw message with this subject in the folder (as a mail app reads it), with its UID, flags and how many match. */
export async function findMessage(client: ImapFlow, folder: string, subject: string) {
  const lock = await client.getMailboxLock(folder);
  try {
    const uids = (await client.search({ subject }, { uid: true })) || [];
    if (!uids.length) return null;
    const found = await client.fetchOne(String(uids.at(-1)), { source: true, flags: true }, { uid: true });
    if (!found || !found.source) return null;
    return { uid: found.uid, flags: found.flags ?? new Set<string>(), source: found.source, count: uids.length };
  } finally {
    lock.release();
  }
}

export async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}
