// Each part of the app hands the browser only the message namespaces of
// messages/client-namespaces.ts. This reads the source as the bundler does:
// from the files of each part it follows the imports, and every client
// module reached ('use client', or imported by one) must find the
// namespaces it translates in that part's list. A missing one would show
// the key's name instead of the text.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLIENT_NAMESPACES, type ClientArea } from '../messages/client-namespaces.ts';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The files each provider wraps (a nested provider's directory is left to its own area). */
const AREAS: Record<ClientArea, { roots: string[]; except?: string[] }> = {
  root: { roots: ['app/layout.tsx', 'app/not-found.tsx', 'app/api-docs'] },
  signin: { roots: ['app/signin'] },
  panel: { roots: ['app/(panel)'] },
  webmail: { roots: ['app/webmail'], except: ['app/webmail/compose', 'app/webmail/settings'] },
  webmailCompose: { roots: ['app/webmail/compose'] },
  webmailSettings: { roots: ['app/webmail/settings'] },
};

function filesUnder(relative: string, except: string[]): string[] {
  const absolute = path.join(WEB, relative);
  if (!existsSync(absolute) || except.includes(relative)) return [];
  if (statSync(absolute).isFile()) return /\.tsx?$/.test(absolute) && !absolute.endsWith('.test.ts') ? [absolute] : [];
  return readdirSync(absolute).flatMap((name) => filesUnder(path.join(relative, name), except));
}

const sources = new Map<string, string>();
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    sources.set(file, text);
  }
  return text;
}

/** The app's own modules a file imports (`@/…` and relative; packages are not ours). */
function imports(file: string): string[] {
  const found: string[] = [];
  for (const match of source(file).matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
    const specifier = match[1] ?? match[2] ?? '';
    const target = specifier.startsWith('@/')
      ? path.join(WEB, specifier.slice(2))
      : specifier.startsWith('.')
        ? path.resolve(path.dirname(file), specifier)
        : null;
    if (target && /\.tsx?$/.test(target) && existsSync(target)) found.push(target);
  }
  return found;
}

const isClientDirective = (file: string) => /^\s*(?:\/\/[^\n]*\n\s*)*['"]use client['"]/.test(source(file));

/** Namespace (first segment) → the client files of the area that translate with it. */
function clientNamespaces(area: ClientArea): Map<string, Set<string>> {
  const { roots, except = [] } = AREAS[area];
  const seen = new Map<string, boolean>(); // file → reached as a client module
  const queue: Array<[string, boolean]> = roots.flatMap((root) => filesUnder(root, except)).map((file) => [file, false]);
  while (queue.length) {
    const [file, fromClient] = queue.pop() as [string, boolean];
    const client = fromClient || isClientDirective(file);
    if (seen.get(file) === true || (seen.has(file) && !client)) continue;
    seen.set(file, client);
    for (const target of imports(file)) queue.push([target, client]);
  }
  const used = new Map<string, Set<string>>();
  for (const [file, client] of seen) {
    if (!client) continue;
    for (const match of source(file).matchAll(/useTranslations\(\s*'([^'.]+)/g)) {
      const namespace = match[1] as string;
      used.set(namespace, (used.get(namespace) ?? new Set()).add(path.relative(WEB, file)));
    }
  }
  return used;
}

describe('the message namespaces handed to the browser', () => {
  for (const area of Object.keys(AREAS) as ClientArea[]) {
    it(`${area}: every namespace its client components translate with`, () => {
      const provided = new Set<string>(CLIENT_NAMESPACES[area]);
      const missing = [...clientNamespaces(area)]
        .filter(([namespace]) => !provided.has(namespace))
        .map(([namespace, files]) => `${namespace} (${[...files].join(', ')})`);
      assert.deepEqual(missing, [], `${area} lacks namespaces`);
    });
  }

  it('the lists are smaller than the whole catalogue (the point of them)', () => {
    assert.ok(!(CLIENT_NAMESPACES.webmail as readonly string[]).includes('dnsCheck'));
    assert.ok(!(CLIENT_NAMESPACES.panel as readonly string[]).includes('webmailList'));
  });
});
