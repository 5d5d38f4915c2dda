/**
 * The usual operations on rows addressed by id, as records: read, change
 * and remove `/things/{id}`, and list or add `/domains/{id}/things`. Each
 * fills in what is the same for all (method, path id, paging query, status,
 * who may call) and leaves the record its words and its data function, so
 * the operation files say only what differs.
 */
import { type ApiKeyActor, type Db, listQuery } from '@kontor/db';
import type { z } from 'zod';
import { type ApiAccess, defineOperation, idParams } from '../operation.ts';

/** What the OpenAPI document says of an operation. */
interface Words {
  id: string;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Default `admin`: any superadmin or domain key, fenced in by the data function. */
  access?: ApiAccess;
}

/** What a data function gives back: the operation's answer. */
type Answer<R extends z.ZodType> = Promise<z.output<R>>;

/** GET /things/{id}. */
export function readOperation<R extends z.ZodType>(spec: Words & { response: R; read(db: Db, actor: ApiKeyActor, id: number): Answer<R> }) {
  const { read, access = 'admin', ...words } = spec;
  return defineOperation({ ...words, method: 'GET', access, params: idParams, handler: ({ db, actor, params }) => read(db, actor, params.id) });
}

/** PATCH /things/{id} (fields left out stay as they are: the data function's rule), or PUT of a part (/mailboxes/{id}/forwarding). */
export function updateOperation<B extends z.ZodType, R extends z.ZodType>(
  spec: Words & {
    method?: 'PATCH' | 'PUT';
    body: B;
    bodyFields?: Record<string, string>;
    response: R;
    update(db: Db, actor: ApiKeyActor, id: number, body: z.input<B>): Answer<R>;
  },
) {
  const { update, access = 'admin', method = 'PATCH', ...words } = spec;
  return defineOperation({
    ...words,
    method,
    access,
    params: idParams,
    handler: ({ db, actor, params, body }) => update(db, actor, params.id, body),
  });
}

/** DELETE /things/{id}: 204, no body. */
export function removeOperation<Q extends z.ZodObject = z.ZodObject<Record<string, never>>>(
  spec: Words & { query?: Q; remove(db: Db, actor: ApiKeyActor, id: number, query: z.output<Q>): Promise<unknown> },
) {
  const { remove, access = 'admin', ...words } = spec;
  return defineOperation({
    ...words,
    method: 'DELETE',
    access,
    params: idParams,
    status: 204,
    handler: async ({ db, actor, params, query }) => {
      await remove(db, actor, params.id, query);
    },
  });
}

/** GET /domains/{id}/things: searched with `q` and paged. */
export function listInDomainOperation<R extends z.ZodType>(
  spec: Words & { response: R; list(db: Db, actor: ApiKeyActor, domainId: number, query: z.output<typeof listQuery>): Answer<R> },
) {
  const { list, access = 'admin', ...words } = spec;
  return defineOperation({
    ...words,
    method: 'GET',
    access,
    params: idParams,
    query: listQuery,
    handler: ({ db, actor, params, query }) => list(db, actor, params.id, query),
  });
}

/** POST /domains/{id}/things: 201 with the new row. */
export function createInDomainOperation<B extends z.ZodType, R extends z.ZodType>(
  spec: Words & {
    body: B;
    bodyFields?: Record<string, string>;
    response: R;
    create(db: Db, actor: ApiKeyActor, domainId: number, body: z.input<B>): Answer<R>;
  },
) {
  const { create, access = 'admin', ...words } = spec;
  return defineOperation({
    ...words,
    method: 'POST',
    access,
    params: idParams,
    status: 201,
    handler: ({ db, actor, params, body }) => create(db, actor, params.id, body),
  });
}
