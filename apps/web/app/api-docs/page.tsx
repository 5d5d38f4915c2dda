import type { Locale } from '@kontor/core';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LocaleSwitcher } from '@/components/locale-switcher.tsx';
import { Logo } from '@/components/logo.tsx';
import { Badge, Card } from '@/components/ui.tsx';
import { apiDocText } from '@/lib/api/docs-german.ts';
import { apiDocument } from '@/lib/api/operations/meta.ts';
import { apiDocs } from '@/messages/api-docs.ts';
import { Code, type DocWords, FieldTable, Prose, propertiesOf, type Schema, TypeLabel } from './schema-parts.tsx';

/**
 * The API reference, rendered on the server from the served OpenAPI
 * document (GET /api/v1/openapi.json): no script, no outside host, so it
 * lives under the panel's CSP. Public, as the document is. The document is
 * English; the page shows it in the reader's language.
 */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('apiDocs'))('title') };
}

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

const code = (chunks: ReactNode) => <Code>{chunks}</Code>;

function isTag(name: string): name is keyof typeof apiDocs.en.tags {
  return Object.hasOwn(apiDocs.en.tags, name);
}

export default async function ApiDocsPage() {
  const [t, locale] = await Promise.all([getTranslations('apiDocs'), getLocale()]);
  const doc = apiDocument();
  const text = (english: string) => apiDocText(english, locale as Locale);
  const words: DocWords = {
    field: t('field'),
    type: t('type'),
    meaning: t('meaning'),
    arrayOf: t('arrayOf'),
    defaultValue: (value) => t('defaultValue', { value }),
    atMostCharacters: (n) => t('atMostCharacters', { n: String(n) }),
    atMostItems: (n) => t('atMostItems', { n: String(n) }),
    text,
  };
  const tagName = (name: string) => (isTag(name) ? t(`tags.${name}`) : name);
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <div className="flex items-center gap-2.5">
            <Logo className="size-7" />
            <span className="font-semibold tracking-tight">Kontor API</span>
            <Badge tone="gray">v{doc.info.version}</Badge>
          </div>
          <nav aria-label={t('navigation')} className="flex flex-wrap items-center gap-4 text-sm">
            <a href="/api/v1/openapi.json" className="font-medium text-indigo-600 hover:text-indigo-500">
              openapi.json
            </a>
            <Link href="/api-keys" className="font-medium text-indigo-600 hover:text-indigo-500">
              {t('keysLink')}
            </Link>
            <LocaleSwitcher />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-8 px-4 py-8 sm:px-6">
        <section>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('title')}</h1>
          <p className="mt-2 max-w-3xl text-sm text-slate-600">
            <Prose text={text(doc.info.description)} />
          </p>
          <div className="mt-4 grid gap-4 text-sm text-slate-600 md:grid-cols-3">
            <Card className="p-4">
              <h2 className="font-semibold text-slate-900">{t('keysTitle')}</h2>
              <p className="mt-1">{t.rich('keysText', { code })}</p>
            </Card>
            <Card className="p-4">
              <h2 className="font-semibold text-slate-900">{t('errorsTitle')}</h2>
              <p className="mt-1">{t.rich('errorsText', { code, shape: '{ "error": { "code", "message", "fields" } }' })}</p>
            </Card>
            <Card className="p-4">
              <h2 className="font-semibold text-slate-900">{t('listsTitle')}</h2>
              <p className="mt-1">{t.rich('listsText', { code })}</p>
            </Card>
          </div>
          <nav aria-label={t('operations')} className="mt-6">
            <ul className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
              {operations.map(({ path, method, operation }) => (
                <li key={operation.operationId} className="flex min-w-0 items-center gap-2">
                  <span className="w-14 shrink-0 font-mono text-xs font-semibold text-slate-500 uppercase">{method}</span>
                  <a
                    href={`#${operation.operationId}`}
                    title={text(operation.summary)}
                    className="min-w-0 truncate font-mono text-xs text-indigo-600 hover:text-indigo-500"
                  >
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
              <h2 id={`tag-${tag.name}`} className="text-lg font-semibold text-slate-900">
                {tagName(tag.name)}
              </h2>
              <p className="text-sm text-slate-500">{text(tag.description)}</p>
            </div>
            {operations
              .filter(({ operation }) => operation.tags.includes(tag.name))
              .map(({ path, method, operation }) => {
                const body = operation.requestBody?.content['application/json'].schema;
                const parameters = (operation.parameters ?? []).map((p) => ({
                  name: p.name,
                  where: p.in === 'path' ? t('inPath') : p.in === 'query' ? t('inQuery') : p.in,
                  required: p.required,
                  schema: p.schema,
                  description: p.description,
                }));
                const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
                const errors = Object.keys(operation.responses).filter((status) => !status.startsWith('2'));
                const answer = success?.[1].content?.['application/json'].schema;
                const done = success?.[1].description;
                return (
                  <Card key={operation.operationId} id={operation.operationId} className="scroll-mt-4">
                    <div className="space-y-4 px-5 py-4">
                      <div className="flex min-w-0 flex-wrap items-center gap-2">
                        <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? 'gray'}>{method.toUpperCase()}</Badge>
                        <code className="min-w-0 font-mono text-sm break-all text-slate-900">/api/v1{path}</code>
                        {operation.security && <Badge tone="gray">{t('noKey')}</Badge>}
                      </div>
                      <div>
                        <h3 className="font-semibold text-slate-900">{text(operation.summary)}</h3>
                        {operation.description && (
                          <p className="mt-1 text-sm text-slate-600">
                            <Prose text={text(operation.description)} />
                          </p>
                        )}
                      </div>
                      <FieldTable rows={parameters} label={t('parametersOf', { id: operation.operationId })} words={words} />
                      {body && (
                        <div>
                          <h4 className="text-sm font-medium text-slate-700">{t('jsonBody')}</h4>
                          <FieldTable rows={propertiesOf(body)} label={t('bodyOf', { id: operation.operationId })} words={words} />
                        </div>
                      )}
                      <p className="text-sm text-slate-600">
                        <span className="font-medium text-slate-700">{t('answer', { status: success?.[0] ?? '' })}</span>{' '}
                        {answer ? <TypeLabel schema={answer} words={words} /> : done ? text(done) : t('noBody')}
                        {errors.length > 0 && <span className="text-slate-500"> · {t('errors', { codes: errors.join(', ') })}</span>}
                      </p>
                    </div>
                  </Card>
                );
              })}
          </section>
        ))}

        <section aria-labelledby="schemas" className="space-y-4">
          <h2 id="schemas" className="text-lg font-semibold text-slate-900">
            {t('objects')}
          </h2>
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <Card key={name} id={`schema-${name}`} className="scroll-mt-4">
              <div className="space-y-2 px-5 py-4">
                <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
                {typeof schema.description === 'string' && (
                  <p className="text-sm text-slate-600">
                    <Prose text={text(schema.description)} />
                  </p>
                )}
                {schema.properties ? <FieldTable rows={propertiesOf(schema)} label={t('fieldsOf', { name })} words={words} /> : null}
              </div>
            </Card>
          ))}
        </section>
      </main>
    </div>
  );
}
