import {
  autoresponderInput,
  createMailbox,
  createMailboxInput,
  deleteMailbox,
  getAutoresponder,
  getForwarding,
  getMailbox,
  listMailboxesPage,
  setForwarding,
  setForwardingInput,
  updateMailbox,
  updateMailboxInput,
  upsertAutoresponder,
} from '@kontor/db';
import { releaseBlobsOf } from '@kontor/mailstore';
import type { z } from 'zod';
import { autoresponderSchema, forwardingSchema, mailboxListItemSchema, mailboxSchema, pageOf } from '../schemas.ts';
import { SIZE_FIELD } from './domains.ts';
import { createInDomainOperation, listInDomainOperation, readOperation, removeOperation, updateOperation } from './row-operations.ts';

const TAG = 'mailboxes';

export const listMailboxes = listInDomainOperation({
  id: 'listMailboxes',
  path: '/domains/{id}/mailboxes',
  tag: TAG,
  summary: "List a domain's mailboxes",
  description: '`q` searches the address and the display name.',
  response: pageOf(mailboxListItemSchema, 'MailboxPage'),
  list: listMailboxesPage,
});

export const createMailboxOp = createInDomainOperation({
  id: 'createMailbox',
  path: '/domains/{id}/mailboxes',
  tag: TAG,
  summary: 'Add a mailbox',
  description: 'With its standard folders. The password must meet the password policy; the quota defaults to the domain’s.',
  body: createMailboxInput.omit({ domainId: true }),
  bodyFields: { localPart: 'The part before the @', password: 'At least the policy’s length; not containing the address', quota: SIZE_FIELD },
  response: mailboxSchema,
  create: (db, actor, domainId, body) => createMailbox(db, actor, { ...body, domainId }),
});

export const getMailboxOp = readOperation({
  id: 'getMailbox',
  path: '/mailboxes/{id}',
  tag: TAG,
  summary: 'Read a mailbox',
  response: mailboxSchema,
  read: getMailbox,
});

export const updateMailboxOp = updateOperation({
  id: 'updateMailbox',
  path: '/mailboxes/{id}',
  tag: TAG,
  summary: 'Change a mailbox',
  description: 'Fields left out stay as they are. A new `password` replaces the old one (app passwords stay valid).',
  body: updateMailboxInput,
  bodyFields: { quota: SIZE_FIELD, password: 'A new password (left out: unchanged)', active: 'Off: no sign-in, no mail accepted' },
  response: mailboxSchema,
  update: updateMailbox,
});

export const deleteMailboxOp = removeOperation({
  id: 'deleteMailbox',
  path: '/mailboxes/{id}',
  tag: TAG,
  summary: 'Remove a mailbox with all its mail',
  remove: (db, actor, id) => deleteMailbox(db, actor, id, { releaseBlobs: releaseBlobsOf }),
});

function autoresponderOf(view: Awaited<ReturnType<typeof getAutoresponder>>): z.output<typeof autoresponderSchema> {
  return {
    mailboxId: view.mailbox.id,
    address: view.mailbox.address,
    ...view.settings,
    state: view.state,
    timeZone: view.domain.timeZone,
    updatedAt: view.updatedAt,
  };
}

export const getAutoresponderOp = readOperation({
  id: 'getAutoresponder',
  path: '/mailboxes/{id}/autoresponder',
  tag: TAG,
  summary: "Read a mailbox's autoresponder",
  description: 'One never set up reads as off; one past its end reads as off with state `expired`.',
  response: autoresponderSchema,
  read: async (db, actor, id) => autoresponderOf(await getAutoresponder(db, actor, id)),
});

export const setAutoresponderOp = updateOperation({
  id: 'setAutoresponder',
  method: 'PUT',
  path: '/mailboxes/{id}/autoresponder',
  tag: TAG,
  summary: "Set a mailbox's autoresponder",
  description:
    'Fields left out keep what is saved. Dates are ISO 8601 with an offset (`2026-12-24T17:00:00Z`) or without one (`2026-12-24T18:00`, read in the domain’s time zone); null or "" for none. Replies follow RFC 3834: never to lists, bulk mail or machines.',
  body: autoresponderInput,
  bodyFields: {
    enabled: 'Switch replies on or off',
    intervalDays: 'Answer each sender at most once in this many days (1 to 30, default 4)',
  },
  response: autoresponderSchema,
  update: async (db, actor, id, body) => {
    await upsertAutoresponder(db, actor, id, body);
    return autoresponderOf(await getAutoresponder(db, actor, id));
  },
});

export const getForwardingOp = readOperation({
  id: 'getForwarding',
  path: '/mailboxes/{id}/forwarding',
  tag: TAG,
  summary: "Read a mailbox's forwarding",
  response: forwardingSchema,
  read: getForwarding,
});

export const setForwardingOp = updateOperation({
  id: 'setForwarding',
  method: 'PUT',
  path: '/mailboxes/{id}/forwarding',
  tag: TAG,
  summary: "Set or remove a mailbox's forwarding",
  description:
    'Every message the mailbox receives goes on to `forwardTo` (outside addresses through the queue, with SRS); with `keepCopy` false nothing stays in the mailbox. `enabled: false` removes the forwarding.',
  body: setForwardingInput,
  bodyFields: { forwardTo: 'One or more addresses (an array, or text separated by commas or new lines)' },
  response: forwardingSchema,
  update: setForwarding,
});
