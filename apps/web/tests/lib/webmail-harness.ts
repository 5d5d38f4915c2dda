// Everything a webmail test needs: a database with a domain and two
// mailboxes, maild (IMAP, submission, SMTP in) and the built web app
// pointed at maild, a browser, and helpers to sign in and to deliver mail
// over real SMTP.
import { CLI_ACTOR, createDomain, createMailbox, ensureSuperadmin } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type MaildProcess, startMaild } from '../../../../tests/e2e/lib/maild.ts';
import { launchChromium } from './chromium.ts';
import { startWebServer, type WebServer } from './web-server.ts';

export const ADMIN = { email: 'admin@kontor.test', password: 'a long test password' };
export const PASSWORD = 'correct horse battery staple';

export interface TestMailbox {
  id: number;
  domainId: number;
  address: string;
  password: string;
}

export interface WebmailHarness {
  t: TestDatabase;
  web: WebServer;
  maild: MaildProcess;
  browser: Browser;
  /** anna@team.example, the user the tests sign in as. */
  anna: TestMailbox;
  /** ben@team.example, another user of the same domain (isolation tests, a correspondent). */
  ben: TestMailbox;
  /** A new browser context (own cookies) and page, signed in as `who` in webmail. */
  signIn(who: TestMailbox, options?: { locale?: 'en' | 'de'; width?: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** A message over SMTP to maild's MX port, as the outside world sends it. */
  deliver(message: nodemailer.SendMailOptions): Promise<void>;
  /** Several messages over one SMTP connection (a sender's queue flushing), in order. */
  deliverAll(messages: nodemailer.SendMailOptions[]): Promise<void>;
  /** An imapflow client logged in as the mailbox (the "Thunderbird" beside the browser). */
  imap(who: TestMailbox): Promise<ImapFlow>;
  stop(): Promise<void>;
}

export async function startWebmailHarness(options: { webEnv?: Record<string, string>; maildEnv?: Record<string, string> } = {}): Promise<WebmailHarness> {
  const t = await createTestDatabase();
  await ensureSuperadmin(t.db, ADMIN);
  const team = await createDomain(t.db, CLI_ACTOR, { name: 'team.example' });
  const mailbox = async (localPart: string, displayName: string): Promise<TestMailbox> => {
    const created = await createMailbox(t.db, CLI_ACTOR, { domainId: team.id, localPart, displayName, password: PASSWORD, quota: '1G' });
    return { id: created.id, domainId: team.id, address: created.address, password: PASSWORD };
  };
  const anna = await mailbox('anna', 'Anna Berg');
  const ben = await mailbox('ben', 'Ben Kurz');
  const maild = await startMaild({ databaseUrl: t.url, env: options.maildEnv });
  const web = await startWebServer({
    DATABASE_URL: t.url,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: maild.redisPrefix,
    WEBMAIL_IMAP_PORT: String(maild.ports.imap),
    WEBMAIL_SUBMISSION_PORT: String(maild.ports.submission),
    ...options.webEnv,
  });
  const browser = await launchChromium();

  return {
    t,
    web,
    maild,
    browser,
    anna,
    ben,
    async signIn(who, { locale = 'en', width = 1280 } = {}) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale, extraHTTPHeaders: { 'Accept-Language': locale } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${web.baseUrl}/signin?callbackUrl=%2Fwebmail`);
      await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      await page.fill('#email', who.address);
      await page.fill('#password', who.password);
      await page.locator('form button[type=submit]').click();
      // The first sign-in of a fresh server compiles and connects: give a loaded machine time.
      await page.waitForURL(/\/webmail\/f\//, { timeout: 60_000 });
      return { context, page };
    },
    async deliver(message) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: maild.ports.smtp, secure: false, ignoreTLS: true, name: 'sender.example' });
      await transport.sendMail(message);
      transport.close();
    },
    async deliverAll(messages) {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: maild.ports.smtp,
        secure: false,
        ignoreTLS: true,
        name: 'sender.example',
        pool: true,
        maxConnections: 1,
        maxMessages: Number.POSITIVE_INFINITY,
      });
      try {
        for (const message of messages) await transport.sendMail(message);
      } finally {
        transport.close();
      }
    },
    async imap(who) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: maild.ports.imaps,
        secure: true,
        tls: { rejectUnauthorized: false },
        auth: { user: who.address, pass: who.password },
        logger: false,
      });
      await client.connect();
      return client;
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await Promise.all([web.stop(), maild.stop({ cleanup: true })]);
      await t.drop();
    },
  };
}
