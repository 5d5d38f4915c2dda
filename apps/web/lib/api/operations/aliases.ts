import { createAlias, createAliasInput, deleteAlias, getAlias, listAliasesPage, updateAlias, updateAliasInput } from '@kontor/db';
import { aliasSchema, pageOf } from '../schemas.ts';
import { createInDomainOperation, listInDomainOperation, readOperation, removeOperation, updateOperation } from './row-operations.ts';

const TAG = 'aliases';
const DESTINATIONS =
  'One or more addresses: hosted ones must exist, others are forwarded through the queue (an array, or text separated by commas or new lines)';

export const listAliases = listInDomainOperation({
  id: 'listAliases',
  path: '/domains/{id}/aliases',
  tag: TAG,
  summary: "List a domain's aliases",
  description: 'The catch-all first; `q` searches the address and the destinations.',
  response: pageOf(aliasSchema, 'AliasPage'),
  list: listAliasesPage,
});

export const createAliasOp = createInDomainOperation({
  id: 'createAlias',
  path: '/domains/{id}/aliases',
  tag: TAG,
  summary: 'Add an alias',
  description: 'An address that delivers elsewhere. `localPart` "*" makes the catch-all. It may not shadow a mailbox.',
  body: createAliasInput.omit({ domainId: true }),
  bodyFields: { localPart: 'The part before the @, or * for the catch-all', destinations: DESTINATIONS },
  response: aliasSchema,
  create: (db, actor, domainId, body) => createAlias(db, actor, { ...body, domainId }),
});

export const getAliasOp = readOperation({ id: 'getAlias', path: '/aliases/{id}', tag: TAG, summary: 'Read an alias', response: aliasSchema, read: getAlias });

export const updateAliasOp = updateOperation({
  id: 'updateAlias',
  path: '/aliases/{id}',
  tag: TAG,
  summary: 'Change an alias',
  description: '`destinations` replaces the whole list; fields left out stay as they are.',
  body: updateAliasInput,
  bodyFields: { destinations: DESTINATIONS },
  response: aliasSchema,
  update: updateAlias,
});

export const deleteAliasOp = removeOperation({ id: 'deleteAlias', path: '/aliases/{id}', tag: TAG, summary: 'Remove an alias', remove: deleteAlias });
