/**
 * What the IMAP end-to-end suites share: a throw-away database with
 * mailboxes, maild running as its own process, mail sent in by SMTP, and
 * the fixtures of packages/mailstore (LF → CRLF, as the store keeps mail).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI_ACTOR, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';
import nodemailer from 'nodemailer';
import { type MaildProcess, ROOT, startMaild } from './maild.ts';

export const PASSWORD = 'correct horse battery';
export const DOMAIN = 'example.com';

export interface ImapEnvironment {
  t: TestDatabase;
  maild: MaildProcess;
  /** Mailbox id by local part. */
  mailboxes: Record<string, number>;
  address(localPart: string): string;
  /** Sends a raw message to the MX port (as another server would). */
  deliver(to: string, raw: string | Buffer, from?: string): Promise<void>;
  /** The self-signed certificate maild made (for clients that verify). */
  certificateFile: string;
  stop(): Promise<void>;
}

export async function startImapEnvironment(
  users: ReadonlyArray<{ localPart: string; quota?: string }>,
  /** `smtpFrom`: the local address SMTP deliveries come from (another client IP than 127.0.0.1). */
  options: { env?: Record<string, string>; smtpFrom?: string; dns?: Record<string, unknown[]> } = {},
): Promise<ImapEnvironment> {
  const t = await createTestDatabase();
  const domain = await createDomain(t.db, CLI_ACTOR, { name: DOMAIN });
  const mailboxes: Record<string, number> = {};
  for (const user of users) {
    mailboxes[user.localPart] = (
      await createMailbox(t.db, CLI_ACTOR, { domainId: domain.id, localPart: user.localPart, password: PASSWORD, quota: user.quota ?? '100M' })
    ).id;
  }
  // The SMTP connection rate limit is per IP across every maild sharing Redis (all suites on
  // this machine): these suites send many messages from 127.0.0.1 and switch it off.
  const maild = await startMaild({
    databaseUrl: t.url,
    ...(options.dns ? { dns: options.dns } : {}),
    env: { SMTP_CONNECTIONS_PER_MINUTE: '0', ...options.env },
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: maild.ports.smtp,
    secure: false,
    pool: true,
    maxConnections: 2,
    tls: { rejectUnauthorized: false },
    name: 'client.sender.test',
    ...(options.smtpFrom ? { localAddress: options.smtpFrom } : {}),
  });
  return {
    t,
    maild,
    mailboxes,
    address: (localPart) => `${localPart}@${DOMAIN}`,
    async deliver(to, raw, from = 'sender@sender.test') {
      await transport.sendMail({ envelope: { from, to: [to] }, raw });
    },
    certificateFile: path.join(maild.dataDir, 'tls', 'selfsigned-cert.pem'),
    async stop() {
      transport.close();
      if (process.env.IMAP_E2E_LOG) {
        const lines = maild
          .output()
          .split('\n')
          .filter((l) => /"level":(40|50|60)/.test(l));
        writeFileSync(process.env.IMAP_E2E_LOG, lines.join('\n'), { flag: 'a' });
      }
      await maild.stop({ cleanup: true });
      await t.drop();
    },
  };
}

/** A fixture of packages/mailstore/fixtures with CRLF line ends. */
export function fixture(name: string): string {
  return readFileSync(path.join(ROOT, 'packages/mailstore/fixtures', name), 'utf8').replace(/\r?\n/g, '\r\n');
}

/** A small CRLF message. */
export function textMessage(subject: string, options: { to?: string; body?: string; from?: string; messageId?: string } = {}): string {
  const { to = `info@${DOMAIN}`, body = 'Hello from the IMAP test.\r\n', from = 'Sender <sender@sender.test>' } = options;
  const messageId = options.messageId ?? `<${subject.replace(/\W/g, '')}.${Date.now()}.${Math.random().toString(36).slice(2)}@sender.test>`;
  return `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${messageId}\r\n\r\n${body}`;
}
