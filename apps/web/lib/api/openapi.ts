/**
 * The OpenAPI 3.1 document of /api/v1, made from the operation records and
 * their zod schemas (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1
 * uses as is). Schemas with a `meta({ id })` become components.
 */
import { z } from 'zod';
import type { ApiOperation } from './operation.ts';
import { errorSchema } from './schemas.ts';

type JsonSchema = Record<string, unknown>;

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown>; responses: Record<string, unknown> };
  security: Array<Record<string, string[]>>;
};

const TAGS: Record<string, string> = {
  domains: 'Hosted domains, their DNS records and catch-all',
  mailboxes: 'Mailboxes, their autoresponder and forwarding',
  aliases: 'Addresses that deliver elsewhere',
  admins: 'Who may sign in to the panel (superadmin keys only)',
  queue: 'Outgoing mail waiting for delivery (superadmin keys only)',
  trace: 'What happened to a message (the delivery log)',
  messages: 'Sending mail (sending keys only)',
  meta: 'This document',
};

/** Tidies a generated schema: no empty alternatives (BigInt inputs have no JSON form), no regex beside a format. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace('#/$defs/', '#/components/schemas/');
    else out[key] = tidy(value);
  }
  if (out.format === 'date-time') delete out.pattern;
  if (Array.isArray(out.anyOf)) {
    const kept = out.anyOf.filter((s) => !(s && typeof s === 'object' && Object.keys(s).length === 0));
    if (kept.length === 1 && Object.keys(out).length === 1) return kept[0];
    out.anyOf = kept;
  }
  return out;
}

class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  /** The schema inline, or a $ref when it has an id; its named parts go to components. */
  add(schema: z.ZodType): JsonSchema {
    const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
    const { $defs, ...root } = generated;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) this.components[id] = tidy(def) as JsonSchema;
    return tidy(root) as JsonSchema;
  }

  /** The properties of an object schema, one per parameter. */
  properties(schema: z.ZodObject): Array<{ name: string; schema: JsonSchema; required: boolean }> {
    const json = this.add(schema);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries(properties).map(([name, property]) => ({ name, schema: property, required: required.has(name) }));
  }
}

function describeFields(schema: JsonSchema, fields: Record<string, string> | undefined): JsonSchema {
  if (!fields || !schema.properties) return schema;
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  for (const [name, text] of Object.entries(fields)) {
    if (properties[name]) properties[name] = { description: text, ...properties[name] };
  }
  return { ...schema, properties };
}

const ERROR_RESPONSES = {
  BadRequest: 'Invalid input: `error.fields` holds one message per field',
  Unauthorized: 'No key, or an unknown or revoked one',
  Forbidden: 'The key may not do this',
  NotFound: 'No such thing, or not in the key’s domains',
  Conflict: 'Clashes with what exists (`error.field`), or a removal that needs `?confirm=true`',
  TooManyRequests: 'A rate limit: wait the seconds of the Retry-After header',
} as const;

export function openApiDocument(operations: readonly ApiOperation[], options: { version: string }): OpenApiDocument {
  const collector = new SchemaCollector();
  const errorRef = collector.add(errorSchema);
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of operations) {
    const parameters = [
      ...(operation.params ? collector.properties(operation.params).map((p) => ({ ...p, in: 'path', required: true })) : []),
      ...(operation.query ? collector.properties(operation.query).map((p) => ({ ...p, in: 'query' })) : []),
    ].map(({ name, in: where, required, schema }) => ({
      name,
      in: where,
      required,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      schema,
    }));
    const status = String(operation.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]:
        status === '204' || !operation.response
          ? { description: 'Done' }
          : { description: 'OK', content: { 'application/json': { schema: collector.add(operation.response) } } },
    };
    if (operation.access !== 'public') {
      if (operation.body || operation.query || operation.method !== 'GET') responses['400'] = { $ref: '#/components/responses/BadRequest' };
      responses['401'] = { $ref: '#/components/responses/Unauthorized' };
      responses['403'] = { $ref: '#/components/responses/Forbidden' };
      if (operation.params) responses['404'] = { $ref: '#/components/responses/NotFound' };
      if (operation.method !== 'GET') responses['409'] = { $ref: '#/components/responses/Conflict' };
      responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
    }
    const entry: Record<string, unknown> = {
      operationId: operation.id,
      tags: [operation.tag],
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: describeFields(collector.add(operation.body), operation.bodyFields) } },
            },
          }
        : {}),
      responses,
      ...(operation.access === 'public' ? { security: [] } : {}),
    };
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method.toLowerCase()] = entry;
  }
  const responses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, description]) => [
      name,
      {
        description,
        ...(name === 'TooManyRequests'
          ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
          : name === 'Unauthorized'
            ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } }
            : {}),
        content: { 'application/json': { schema: errorRef } },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kontor API',
      version: options.version,
      description:
        'Manage domains, mailboxes, aliases, autoresponders, forwarding, administrators and the mail queue, read the message trace, and send mail. Authenticate with an API key from the panel (API keys): `Authorization: Bearer kontor_…`. JSON in and out.',
    },
    servers: [{ url: '/api/v1' }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made in the panel: kontor_…' } },
      responses,
    },
    security: [{ apiKey: [] }],
  };
}
