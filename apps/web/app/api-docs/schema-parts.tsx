import type { ReactNode } from 'react';

/** Pieces of the API reference: a field table, type labels and code in prose, in the page's language. */

export type Schema = Record<string, unknown>;

/** The page's words these parts need, and the document's texts in its language. */
export interface DocWords {
  field: string;
  type: string;
  meaning: string;
  arrayOf: string;
  defaultValue(value: string): string;
  atMostCharacters(n: number): string;
  atMostItems(n: number): string;
  /** A text of the OpenAPI document (description, summary) in the page's language. */
  text(english: string): string;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A short type description: `string`, `integer`, `array of Alias`, `en | de`. */
export function TypeLabel({ schema, words }: { schema: Schema | undefined; words: DocWords }): ReactNode {
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
        <TypeLabel schema={alternative} words={words} />
      </span>
    ));
  }
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') {
    return (
      <>
        {words.arrayOf} <TypeLabel schema={schema.items as Schema} words={words} />
      </>
    );
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function constraints(schema: Schema, words: DocWords): string {
  const out: string[] = [];
  if (schema.default !== undefined) out.push(words.defaultValue(JSON.stringify(schema.default)));
  if (typeof schema.minimum === 'number' && schema.minimum > -9_007_199_254_740_991) out.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === 'number') out.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === 'number' && schema.maximum < 9_007_199_254_740_991) out.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') out.push(words.atMostCharacters(schema.maxLength));
  if (typeof schema.maxItems === 'number') out.push(words.atMostItems(schema.maxItems));
  return out.join(', ');
}

export interface FieldRow {
  name: string;
  /** Where a parameter goes (path, query), in the page's language. */
  where?: string;
  required: boolean;
  schema: Schema;
  description?: string;
}

export function FieldTable({ rows, label, words }: { rows: FieldRow[]; label: string; words: DocWords }) {
  if (!rows.length) return null;
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead>
          <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <th scope="col" className="py-2 pr-4">
              {words.field}
            </th>
            <th scope="col" className="py-2 pr-4">
              {words.type}
            </th>
            <th scope="col" className="py-2">
              {words.meaning}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const limits = constraints(row.schema, words);
            const description = row.description ?? (typeof row.schema.description === 'string' ? row.schema.description : '');
            return (
              <tr key={`${row.where ?? ''}${row.name}`} className="align-top">
                <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap text-slate-900">
                  {row.name}
                  {row.required && <span className="ml-1 text-red-600">*</span>}
                  {row.where && <span className="block font-sans text-slate-500">{row.where}</span>}
                </td>
                <td className="py-2 pr-4 text-xs text-slate-700">
                  <TypeLabel schema={row.schema} words={words} />
                </td>
                <td className="py-2 text-slate-600">
                  {description && <Prose text={words.text(description)} />}
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

export function propertiesOf(schema: Schema | undefined): FieldRow[] {
  const properties = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, required: required.has(name), schema: property }));
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">{children}</code>;
}

/** Markdown-ish backticks of the descriptions as code. */
export function Prose({ text }: { text: string }) {
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
