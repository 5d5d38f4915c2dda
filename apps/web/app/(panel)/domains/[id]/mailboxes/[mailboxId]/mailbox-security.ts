import 'server-only';
import { getMailboxSecurity } from '@kontor/db';
import { cache } from 'react';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';

/** App passwords, 2FA state and last logins of a mailbox, read once per request (the header and the Settings tab share them). */
export const loadMailboxSecurity = cache(async (mailboxId: number) => {
  const { actor } = await requireActor();
  return getMailboxSecurity(getDb(), actor, mailboxId);
});
