// Webmail's frame end to end: a mailbox user signs in with the panel's
// form and lands in their inbox; mail delivered over SMTP appears live
// (IMAP IDLE → server-sent events) without a reload; the message opens;
// a change made in another mail app (imapflow) shows up; signing out ends
// the web's IMAP access.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';

describe('webmail', () => {
  let h: WebmailHarness;
  before(async () => {
    h = await startWebmailHarness();
  });
  after(async () => {
    await h?.stop();
  });

  it('signs a mailbox user in to their inbox, shows new mail live and opens it', async () => {
    const { page, context } = await h.signIn(h.anna);
    assert.equal(await page.getByTestId('signed-in-as').textContent(), 'anna@team.example');
    assert.equal(await page.locator('aside [data-testid=folder-tree] a[aria-current=page]').getAttribute('data-folder'), 'INBOX');
    await page.getByTestId('live-state').and(page.locator('[data-state=open]')).waitFor();
    await h.deliver({ from: 'Carla <carla@sender.example>', to: h.anna.address, subject: 'Live hello', text: 'It arrived without a reload.' });
    const row = page.getByTestId('message-list').getByRole('link', { name: /Live hello/ });
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    // The body is in the sandboxed message frame.
    await page.frameLocator('[data-testid=message-frame]').getByText('It arrived without a reload').waitFor();
    // Opening it marks it read on the server; only once the server has \Seen does Thunderbird mark it unread again
    // (else the two race and the later one wins), and the page follows.
    await page.locator('[data-testid=message-list] a[data-seen=true]').waitFor({ timeout: 20_000 });
    const client = await h.imap(h.anna);
    await client.mailboxOpen('INBOX');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const message = await client.fetchOne('*', { flags: true });
      if (message && message.flags?.has('\\Seen')) break;
      assert.ok(Date.now() < deadline, 'opening the message marked it \\Seen on the server');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.messageFlagsRemove('1:*', ['\\Seen']);
    await page.locator('[data-testid=message-list] a[data-seen=false]').waitFor({ timeout: 20_000 });
    await client.logout();
    await context.close();
  });

  it('sends an admin-only cookie to the panel and a signed-out user to the sign-in page', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.web.baseUrl}/webmail`);
    assert.match(page.url(), /\/signin\?callbackUrl=%2Fwebmail/);
    await context.close();
  });

  it('a mailbox user who opens the panel lands in webmail', async () => {
    const { page, context } = await h.signIn(h.ben);
    await page.goto(`${h.web.baseUrl}/domains`);
    await page.waitForURL(/\/webmail\/f\//);
    await context.close();
  });
});
