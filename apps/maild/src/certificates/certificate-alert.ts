/**
 * Tells the superadmins by mail that a certificate could not be obtained
 * or renewed. The mail takes the normal path (MailRouter): into the
 * mailbox when an admin's address is hosted here, through the outbound
 * queue otherwise. It has the null sender, as a bounce does, so a failing
 * notification is never answered or bounced in turn (RFC 3834 section 2).
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Logger } from '@kontor/core';
import { type Db, superadminAddresses, type TlsCertificateRow } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { mailTexts } from '../mail-texts.ts';
import type { MailRouter } from '../outbound/route.ts';

export type CertificateAlert = (row: TlsCertificateRow, error: string) => Promise<void>;

export function createCertificateAlert(deps: { db: Db; store: MailStore; router: MailRouter; hostname: string; log: Logger }): CertificateAlert {
  return async (row, error) => {
    const admins = await superadminAddresses(deps.db);
    if (!admins.length) {
      deps.log.warn({ names: row.names }, 'certificate failure: no active superadmin to tell');
      return;
    }
    for (const admin of admins) {
      const language = admin.locale ?? undefined;
      const texts = mailTexts(language).certificateFailure;
      const when = (date: Date) =>
        `${new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
      const names = row.names.join(', ');
      const messageId = `<certificate-${randomBytes(8).toString('hex')}@${deps.hostname}>`;
      const raw = await new MailComposer({
        from: { name: texts.fromName, address: `postmaster@${deps.hostname}` },
        to: admin.email,
        subject: texts.subject(names),
        text: texts.body({
          names,
          server: deps.hostname,
          error,
          expires: row.notAfter && row.certPem ? when(row.notAfter) : null,
          nextAttempt: when(row.nextAttemptAt),
        }),
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      })
        .compile()
        .build();
      const stored = await deps.store.storeBlob(Readable.from([raw]));
      const queueId = `cert-${randomBytes(6).toString('hex')}`;
      await deps.router.route({ queueId, stored, mailFrom: '', recipients: [admin.email], kind: 'notice', messageId });
      deps.log.info({ names: row.names, to: admin.email, queueId }, 'certificate failure reported to a superadmin');
    }
  };
}
