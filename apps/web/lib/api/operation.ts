/**
 * One REST API operation as one record: method, path, who may call it,
 * its parameters, body and answer as zod schemas, and the handler over the
 * packages/db functions. The route files (app/api/v1/…/route.ts) and the
 * OpenAPI document are both made from these records, so they cannot drift.
 */
import type { ApiKeyActor, Db } from '@kontor/db';
import { z } from 'zod';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: `admin` any superadmin or domain key (the data functions
 * then fence a domain key in), `superadmin` only superadmin keys, `send`
 * only sending keys, `public` anyone without a key.
 */
export type ApiAccess = 'admin' | 'superadmin' | 'send' | 'public';

export interface OperationContext<P, Q, B> {
  /** The calling key (absent for public operations). */
  actor: ApiKeyActor;
  db: Db;
  params: P;
  query: Q;
  /**
   * The JSON body as sent, checked against the operation's `body` schema
   * (so it is that schema's input type) but not transformed: the data
   * function parses it again with the same schema, as it does for the panel.
   */
  body: B;
  request: Request;
}

export interface ApiOperation<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  R extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  /** The OpenAPI operationId. */
  id: string;
  method: ApiMethod;
  /** OpenAPI form, below /api/v1: `/domains/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: ApiAccess;
  params?: P;
  query?: Q;
  /** The body's schema: checked before the handler runs, and shown in the document. */
  body?: B;
  /** Descriptions of body fields the data function's schema leaves undescribed. */
  bodyFields?: Record<string, string>;
  /** 200, 201 (created) or 202 (accepted, e.g. queued) with `response`, or 204 without a body. */
  status?: 200 | 201 | 202 | 204;
  response?: R;
  /** Largest accepted body in bytes (default 1 MB); a function when it depends on the configuration. */
  maxBodyBytes?: number | (() => number);
  handler(context: OperationContext<z.output<P>, z.output<Q>, z.input<B>>): Promise<z.output<R>>;
}

/** Keeps the record's literal types (method, path) and checks its handler against its schemas. */
export function defineOperation<
  P extends z.ZodObject = z.ZodObject<Record<string, never>>,
  Q extends z.ZodObject = z.ZodObject<Record<string, never>>,
  R extends z.ZodType = z.ZodVoid,
  B extends z.ZodType = z.ZodObject<Record<string, never>>,
>(operation: ApiOperation<P, Q, R, B>): ApiOperation<P, Q, R, B> {
  return operation;
}

/** A row id in the path; anything else is answered 404, as a missing row. */
export const idParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647).meta({ description: 'The row id' }),
});
