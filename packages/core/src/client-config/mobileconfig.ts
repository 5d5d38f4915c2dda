import { randomUUID } from 'node:crypto';
import mobileconfig from '@zone-eu/mobileconfig';
import { domainOfAddress } from '../address.ts';
import type { MailServerSettings } from './mail-settings.ts';

/**
 * An Apple configuration profile (.mobileconfig) that adds the address as an
 * IMAP + SMTP account on iPhone, iPad and macOS. Signed with the server's
 * certificate when it is a real one (an unsigned profile still installs,
 * marked "unverified"); the password is left out, so the device asks for it.
 */
export async function mobileconfigProfile(
  settings: MailServerSettings,
  account: { address: string; displayName?: string },
  signing?: { key: string | Buffer; cert: string | Buffer; ca?: Array<string | Buffer> },
): Promise<Buffer> {
  const domain = domainOfAddress(account.address);
  const reverse = domain.split('.').reverse().join('.');
  const options = {
    emailAddress: account.address,
    identifier: `${reverse}.kontor.mail.${account.address.replace(/[^a-z0-9]/gi, '-')}`,
    organization: domain,
    displayName: `${account.address} mail`,
    displayDescription: `Sets up ${account.address} for Mail`,
    accountName: account.displayName || account.address,
    accountDescription: account.address,
    contentUuid: randomUUID(),
    plistUuid: randomUUID(),
    imap: { hostname: settings.hostname, port: settings.imaps, secure: true, username: account.address, password: '' },
    smtp: { hostname: settings.hostname, port: settings.smtps, secure: true, username: account.address, password: '' },
  };
  if (!signing) return Buffer.from(mobileconfig.getEmailConfig(options), 'utf8');
  return new Promise((resolve, reject) => {
    mobileconfig.getSignedEmailConfig({ ...options, keys: { key: signing.key, cert: signing.cert, ca: signing.ca } }, (error: unknown, data?: Buffer) =>
      error || !data ? reject(error ?? new Error('signing failed')) : resolve(data),
    );
  });
}
