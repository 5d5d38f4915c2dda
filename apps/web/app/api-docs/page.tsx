import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/logo.tsx';
import { Badge, Card, cx } from '@/components/ui.tsx';
import { apiDocument } from '@/lib/api/operations/meta.ts';

/**
 * The API reference, rendered on the server from the served OpenAPI
 * document (GET /api/v1/openapi.json): no script, no outside host, so it
 * lives under the panel's CSP. Public, as the document is.
 */
export const metadata: Metadata = { title: 'API reference' };

type Schema = Record<string, unknown>;
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<{ name: string; in: string; required: boolean; description?: string; schema: Schema }>;
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { $ref?: string; description?: string; content?: { 'application/json': { schema: Schema } } }>;
  security?: unknown[];
};

const METHOD_TONE = { get: 'blue', post: 'green', put: 'amber', patch: 'amber', delete: 'red' } as const;

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A short type description: `string`, `integer`, `array of Alias`, `en | de`. */
function TypeLabel({ schema }: { schema: Schema | undefined }): ReactNode {
  if (!schema) return 'any';
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return (
      <a href={`#schema-${name}`} className="font-medium text-indigo-600 hover:text-indigo-500">
        {name}
      </a>
    );
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) {
    return alternatives.map((alternative, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: alternatives have no identity of their own.
      <span key={i}>
        {i > 0 && ' | '}
        <TypeLabel schema={alternative} />
      </span>
    ));
  }
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') {
    return (
      <>
        array of <TypeLabel schema={schema.items as Schema} />
      </>
    );
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function constraints(schema: Schema): string {
  const out: string[] = [];
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  if (typeof schema.minimum === 'number' && schema.minimum > -9_007_199_254_740_991) out.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') out.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === 'number' && schema.maximum < 9_007_199_254_740_991) out.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') out.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.maxItems === 'number') out.push(`at most ${schema.maxItems} items`);
  return out.join(', ');
}

function FieldTable({
  rows,
  label,
}: {
  rows: Array<{ name: string; where?: string; required: boolean; schema: Schema; description?: string }>;
  label: string;
}) {
  if (!rows.length) return null;
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead>
          <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <th scope="col" className="py-2 pr-4">
              Field
            </th>
            <th scope="col" className="py-2 pr-4">
              Type
            </th>
            <th scope="col" className="py-2">
              Meaning
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const limits = constraints(row.schema);
            const description = row.description ?? (typeof row.schema.description === 'string' ? row.schema.description : '');
            return (
              <tr key={`${row.where ?? ''}${row.name}`} className="align-top">
                <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap text-slate-900">
                  {row.name}
                  {row.required && <span className="ml-1 text-red-600">*</span>}
                  {row.where && <span className="block font-sans text-slate-500">{row.where}</span>}
                </td>
                <td className="py-2 pr-4 text-xs text-slate-700">
                  <TypeLabel schema={row.schema} />
                </td>
                <td className="py-2 text-slate-600">
                  {description}
                  {limits && <span className="block text-xs text-slate-500">{limits}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function propertiesOf(schema: Schema | undefined) {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, required: required.has(name), schema: property }));
}

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">{children}</code>;
}

/** Markdown-ish backticks of the descriptions as code. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith('`') && part.endsWith('`') ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text.
          <Code key={i}>{part.slice(1, -1)}</Code>
        ) : (
          part
        ),
      )}
    </>
  );
}

export default function ApiDocsPage() {
  const doc = apiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <div lang="en" className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <div className="flex items-center gap-2.5">
            <Logo className="size-7" />
            <span className="font-semibold tracking-tight">Kontor API</span>
            <Badge tone="gray">v{doc.info.version}</Badge>
          </div>
          <nav aria-label="API reference" className="flex flex-wrap gap-4 text-sm">
            <a href="/api/v1/openapi.json" className="font-medium text-indigo-600 hover:text-indigo-500">
              openapi.json
            </a>
            <Link href="/api-keys" className="font-medium text-indigo-600 hover:text-indigo-500">
              API keys in the panel
            </Link>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-8 px-4 py-8 sm:px-6">
        <section>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">API reference</h1>
          <p className="mt-2 max-w-3xl text-sm text-slate-600">
            <Prose text={doc.info.description} />
          </p>
          <div className="mt-4 grid gap-4 text-sm text-slate-600 md:grid-cols-3">
            <Card className="p-4">
              <h2 className="font-semibold text-slate-900">Keys</h2>
              <p className="mt-1">
                <Code>superadmin</Code> keys may do everything; <Code>domains</Code> keys what a domain admin of their domains may; <Code>send</Code> keys only{' '}
                <Code>POST /messages</Code> from their senders.
              </p>
            </Card>
            <Card className="p-4">
              <h2 className="font-semibold text-slate-900">Errors</h2>
              <p className="mt-1">
                JSON <Code>{'{ "error": { "code", "message", "fields" } }'}</Code>: 400 with one message per field, 401, 403, 404, 409, 429 with{' '}
                <Code>Retry-After</Code>.
              </p>
            </Card>
            <Card className="p-4">
              <h2 className="font-semibold text-slate-900">Lists</h2>
              <p className="mt-1">
                <Code>?q=</Code> searches, <Code>?page=</Code> and <Code>?pageSize=</Code> (at most 200) page; answers carry <Code>rows</Code> and{' '}
                <Code>total</Code>.
              </p>
            </Card>
          </div>
          <nav aria-label="Operations" className="mt-6">
            <ul className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
              {operations.map(({ path, method, operation }) => (
                <li key={operation.operationId} className="flex min-w-0 items-center gap-2">
                  <span className="w-14 shrink-0 font-mono text-xs font-semibold text-slate-500 uppercase">{method}</span>
                  <a href={`#${operation.operationId}`} className="min-w-0 truncate font-mono text-xs text-indigo-600 hover:text-indigo-500">
                    {path}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </section>

        {doc.tags.map((tag) => (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="space-y-4">
            <div>
              <h2 id={`tag-${tag.name}`} className="text-lg font-semibold text-slate-900 capitalize">
                {tag.name}
              </h2>
              <p className="text-sm text-slate-500">{tag.description}</p>
            </div>
            {operations
              .filter(({ operation }) => operation.tags.includes(tag.name))
              .map(({ path, method, operation }) => {
                const body = operation.requestBody?.content['application/json'].schema;
                const parameters = (operation.parameters ?? []).map((p) => ({
                  name: p.name,
                  where: p.in,
                  required: p.required,
                  schema: p.schema,
                  description: p.description,
                }));
                const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
                const errors = Object.keys(operation.responses).filter((status) => !status.startsWith('2'));
                const answer = success?.[1].content?.['application/json'].schema;
                return (
                  <Card key={operation.operationId} id={operation.operationId} className="scroll-mt-4">
                    <div className="space-y-4 px-5 py-4">
                      <div className="flex min-w-0 flex-wrap items-center gap-2">
                        <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? 'gray'}>{method.toUpperCase()}</Badge>
                        <code className="min-w-0 font-mono text-sm break-all text-slate-900">/api/v1{path}</code>
                        {operation.security && <Badge tone="gray">no key needed</Badge>}
                      </div>
                      <div>
                        <h3 className="font-semibold text-slate-900">{operation.summary}</h3>
                        {operation.description && (
                          <p className="mt-1 text-sm text-slate-600">
                            <Prose text={operation.description} />
                          </p>
                        )}
                      </div>
                      <FieldTable rows={parameters} label={`Parameters of ${operation.operationId}`} />
                      {body && (
                        <div>
                          <h4 className="text-sm font-medium text-slate-700">JSON body</h4>
                          <FieldTable rows={propertiesOf(body)} label={`Body of ${operation.operationId}`} />
                        </div>
                      )}
                      <p className={cx('text-sm text-slate-600')}>
                        <span className="font-medium text-slate-700">Answer {success?.[0]}:</span>{' '}
                        {answer ? <TypeLabel schema={answer} /> : (success?.[1].description ?? 'no body')}
                        {errors.length > 0 && <span className="text-slate-500"> · errors {errors.join(', ')}</span>}
                      </p>
                    </div>
                  </Card>
                );
              })}
          </section>
        ))}

        <section aria-labelledby="schemas" className="space-y-4">
          <h2 id="schemas" className="text-lg font-semibold text-slate-900">
            Objects
          </h2>
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <Card key={name} id={`schema-${name}`} className="scroll-mt-4">
              <div className="space-y-2 px-5 py-4">
                <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
                {typeof schema.description === 'string' && <p className="text-sm text-slate-600">{schema.description}</p>}
                {schema.properties ? <FieldTable rows={propertiesOf(schema)} label={`Fields of ${name}`} /> : null}
              </div>
            </Card>
          ))}
        </section>
      </main>
    </div>
  );
}
