import 'server-only';
import { ForbiddenError, NotFoundError } from '@kontor/core';
import { getDomain, getMailbox, listAliases, listMailboxes } from '@kontor/db';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { parseId } from './actions.ts';
import { getDb } from './db.ts';
import { requireActor } from './session.ts';

/** Outside the actor's scope is the same as absent: a 404, naming nothing. */
async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

/** The domain of a `/domains/[id]` URL, once per request, or a 404. */
export const loadDomain = cache(async (idParam: string) => {
  const id = parseId(idParam);
  if (!id) notFound();
  const { actor } = await requireActor();
  return orNotFound(() => getDomain(getDb(), actor, id));
});

/** The mailbox of a `/domains/[id]/mailboxes/[mailboxId]` URL, or a 404 (also when it is not in that domain). */
export const loadMailbox = cache(async (domainIdParam: string, mailboxIdParam: string) => {
  const domain = await loadDomain(domainIdParam);
  const id = parseId(mailboxIdParam);
  if (!id) notFound();
  const { actor } = await requireActor();
  const mailbox = await orNotFound(() => getMailbox(getDb(), actor, id));
  if (mailbox.domainId !== domain.id) notFound();
  return { domain, mailbox };
});

/** The domain's mailboxes, once per request (the tabs and the list share them). */
export const loadMailboxes = cache(async (domainId: number) => {
  const { actor } = await requireActor();
  return listMailboxes(getDb(), actor, domainId);
});

/** The domain's aliases, once per request. */
export const loadAliases = cache(async (domainId: number) => {
  const { actor } = await requireActor();
  return listAliases(getDb(), actor, domainId);
});
