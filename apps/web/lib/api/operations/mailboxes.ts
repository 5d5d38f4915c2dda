import {
  autoresponderInput,
  createMailbox,
  createMailboxInput,
  deleteMailbox,
  getAutoresponder,
  getForwarding,
  getMailbox,
  listMailboxesPage,
  listQuery,
  setForwarding,
  setForwardingInput,
  updateMailbox,
  updateMailboxInput,
  upsertAutoresponder,
} from '@kontor/db';
import { releaseBlobsOf } from '@kontor/mailstore';
import type { z } from 'zod';
import { defineOperation, idParams } from '../operation.ts';
import { autoresponderSchema, forwardingSchema, mailboxListItemSchema, mailboxSchema, pageOf } from '../schemas.ts';
import { SIZE_FIELD } from './domains.ts';

const TAG = 'mailboxes';

export const listMailboxes = defineOperation({
  id: 'listMailboxes',
  method: 'GET',
  path: '/domains/{id}/mailboxes',
  tag: TAG,
  summary: "List a domain's mailboxes",
  description: '`q` searches the address and the display name.',
  access: 'admin',
  params: idParams,
  query: listQuery,
  response: pageOf(mailboxListItemSchema, 'MailboxPage'),
  handler: ({ db, actor, params, query }) => listMailboxesPage(db, actor, params.id, query),
});

const createBody = createMailboxInput.omit({ domainId: true });

export const createMailboxOp = defineOperation({
  id: 'createMailbox',
  method: 'POST',
  path: '/domains/{id}/mailboxes',
  tag: TAG,
  summary: 'Add a mailbox',
  description: 'With its standard folders. The password must meet the password policy; the quota defaults to the domain’s.',
  access: 'admin',
  params: idParams,
  body: createBody,
  bodyFields: { localPart: 'The part before the @', password: 'At least the policy’s length; not containing the address', quota: SIZE_FIELD },
  status: 201,
  response: mailboxSchema,
  handler: ({ db, actor, params, body }) => createMailbox(db, actor, { ...body, domainId: params.id }),
});

export const getMailboxOp = defineOperation({
  id: 'getMailbox',
  method: 'GET',
  path: '/mailboxes/{id}',
  tag: TAG,
  summary: 'Read a mailbox',
  access: 'admin',
  params: idParams,
  response: mailboxSchema,
  handler: ({ db, actor, params }) => getMailbox(db, actor, params.id),
});

export const updateMailboxOp = defineOperation({
  id: 'updateMailbox',
  method: 'PATCH',
  path: '/mailboxes/{id}',
  tag: TAG,
  summary: 'Change a mailbox',
  description: 'Fields left out stay as they are. A new `password` replaces the old one (app passwords stay valid).',
  access: 'admin',
  params: idParams,
  body: updateMailboxInput,
  bodyFields: { quota: SIZE_FIELD, password: 'A new password (left out: unchanged)', active: 'Off: no sign-in, no mail accepted' },
  response: mailboxSchema,
  handler: ({ db, actor, params, body }) => updateMailbox(db, actor, params.id, body),
});

export const deleteMailboxOp = defineOperation({
  id: 'deleteMailbox',
  method: 'DELETE',
  path: '/mailboxes/{id}',
  tag: TAG,
  summary: 'Remove a mailbox with all its mail',
  access: 'admin',
  params: idParams,
  status: 204,
  handler: async ({ db, actor, params }) => {
    await deleteMailbox(db, actor, params.id, { releaseBlobs: releaseBlobsOf });
  },
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

export const getAutoresponderOp = defineOperation({
  id: 'getAutoresponder',
  method: 'GET',
  path: '/mailboxes/{id}/autoresponder',
  tag: TAG,
  summary: "Read a mailbox's autoresponder",
  description: 'One never set up reads as off; one past its end reads as off with state `expired`.',
  access: 'admin',
  params: idParams,
  response: autoresponderSchema,
  handler: async ({ db, actor, params }) => autoresponderOf(await getAutoresponder(db, actor, params.id)),
});

export const setAutoresponderOp = defineOperation({
  id: 'setAutoresponder',
  method: 'PUT',
  path: '/mailboxes/{id}/autoresponder',
  tag: TAG,
  summary: "Set a mailbox's autoresponder",
  description:
    'Fields left out keep what is saved. Dates are ISO 8601 with an offset (`2026-12-24T17:00:00Z`) or without one (`2026-12-24T18:00`, read in the domain’s time zone); null or "" for none. Replies follow RFC 3834: never to lists, bulk mail or machines.',
  access: 'admin',
  params: idParams,
  body: autoresponderInput,
  bodyFields: {
    enabled: 'Switch replies on or off',
    intervalDays: 'Answer each sender at most once in this many days (1 to 30, default 4)',
  },
  response: autoresponderSchema,
  handler: async ({ db, actor, params, body }) => {
    await upsertAutoresponder(db, actor, params.id, body);
    return autoresponderOf(await getAutoresponder(db, actor, params.id));
  },
});

export const getForwardingOp = defineOperation({
  id: 'getForwarding',
  method: 'GET',
  path: '/mailboxes/{id}/forwarding',
  tag: TAG,
  summary: "Read a mailbox's forwarding",
  access: 'admin',
  params: idParams,
  response: forwardingSchema,
  handler: ({ db, actor, params }) => getForwarding(db, actor, params.id),
});

export const setForwardingOp = defineOperation({
  id: 'setForwarding',
  method: 'PUT',
  path: '/mailboxes/{id}/forwarding',
  tag: TAG,
  summary: "Set or remove a mailbox's forwarding",
  description:
    'Every message the mailbox receives goes on to `forwardTo` (outside addresses through the queue, with SRS); with `keepCopy` false nothing stays in the mailbox. `enabled: false` removes the forwarding.',
  access: 'admin',
  params: idParams,
  body: setForwardingInput,
  bodyFields: { forwardTo: 'One or more addresses (an array, or text separated by commas or new lines)' },
  response: forwardingSchema,
  handler: ({ db, actor, params, body }) => setForwarding(db, actor, params.id, body),
});
