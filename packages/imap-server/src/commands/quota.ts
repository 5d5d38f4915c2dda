/**
 * GETQUOTAROOT and GETQUOTA (RFC 2087 / RFC 9208): one quota root, "",
 * for all of a user's mailboxes; STORAGE in units of 1024 octets. An
 * unlimited mailbox has the root with no resources.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { no, ok, userOf } from './results.ts';

const ROOT = '';

async function sendQuota(session: Session): Promise<void> {
  const usage = await session.storage.quota(userOf(session));
  const resources: WireValue[] = usage.limitOctets === null ? [] : [atom('STORAGE'), Math.ceil(usage.usedOctets / 1024), Math.floor(usage.limitOctets / 1024)];
  await session.send([atom('QUOTA'), ROOT, resources]);
}

export const getQuotaRoot: CommandHandler<'GETQUOTAROOT', Session> = async ({ mailbox }, { session }) => {
  await session.storage.mailboxStatus(userOf(session), mailbox);
  await session.send([atom('QUOTAROOT'), session.mailboxName(mailbox), ROOT]);
  await sendQuota(session);
  return ok('GETQUOTAROOT completed');
};

export const getQuota: CommandHandler<'GETQUOTA', Session> = async ({ root }, { session }) => {
  if (root !== ROOT) return no(`No quota root ${root}`, 'NONEXISTENT');
  await sendQuota(session);
  return ok('GETQUOTA completed');
};
