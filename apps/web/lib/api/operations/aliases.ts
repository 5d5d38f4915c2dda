import { createAlias, createAliasInput, deleteAlias, getAlias, listAliasesPage, listQuery, updateAlias, updateAliasInput } from '@kontor/db';
import { defineOperation, idParams } from '../operation.ts';
import { aliasSchema, pageOf } from '../schemas.ts';

const TAG = 'aliases';
const DESTINATIONS =
  'One or more addresses: hosted ones must exist, others are forwarded through the queue (an array, or text separated by commas or new lines)';

export const listAliases = defineOperation({
  id: 'listAliases',
  method: 'GET',
  path: '/domains/{id}/aliases',
  tag: TAG,
  summary: "List a domain's aliases",
  description: 'The catch-all first; `q` searches the address and the destinations.',
  access: 'admin',
  params: idParams,
  query: listQuery,
  response: pageOf(aliasSchema, 'AliasPage'),
  handler: ({ db, actor, params, query }) => listAliasesPage(db, actor, params.id, query),
});

export const createAliasOp = defineOperation({
  id: 'createAlias',
  method: 'POST',
  path: '/domains/{id}/aliases',
  tag: TAG,
  summary: 'Add an alias',
  description: 'An address that delivers elsewhere. `localPart` "*" makes the catch-all. It may not shadow a mailbox.',
  access: 'admin',
  params: idParams,
  body: createAliasInput.omit({ domainId: true }),
  bodyFields: { localPart: 'The part before the @, or * for the catch-all', destinations: DESTINATIONS },
  status: 201,
  response: aliasSchema,
  handler: ({ db, actor, params, body }) => createAlias(db, actor, { ...body, domainId: params.id }),
});

export const getAliasOp = defineOperation({
  id: 'getAlias',
  method: 'GET',
  path: '/aliases/{id}',
  tag: TAG,
  summary: 'Read an alias',
  access: 'admin',
  params: idParams,
  response: aliasSchema,
  handler: ({ db, actor, params }) => getAlias(db, actor, params.id),
});

export const updateAliasOp = defineOperation({
  id: 'updateAlias',
  method: 'PATCH',
  path: '/aliases/{id}',
  tag: TAG,
  summary: 'Change an alias',
  description: '`destinations` replaces the whole list; fields left out stay as they are.',
  access: 'admin',
  params: idParams,
  body: updateAliasInput,
  bodyFields: { destinations: DESTINATIONS },
  response: aliasSchema,
  handler: ({ db, actor, params, body }) => updateAlias(db, actor, params.id, body),
});

export const deleteAliasOp = defineOperation({
  id: 'deleteAlias',
  method: 'DELETE',
  path: '/aliases/{id}',
  tag: TAG,
  summary: 'Remove an alias',
  access: 'admin',
  params: idParams,
  status: 204,
  handler: async ({ db, actor, params }) => {
    await deleteAlias(db, actor, params.id);
  },
});
