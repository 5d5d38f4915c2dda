import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { reject } from './reply.ts';

const MAILD_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The SMTP code of maild (MX and submission), tests left out. */
function smtpSources(): string[] {
  return ['smtp', 'submission'].flatMap((dir) =>
    readdirSync(path.join(MAILD_SRC, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => path.join(MAILD_SRC, dir, file)),
  );
}

/** Every piece of literal text in a file: strings and the fixed parts of templates. */
function literalTexts(file: string): Array<{ text: string; line: number }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SMTP reply texts', () => {
  it('are ASCII (RFC 5321 §4.2): no string the SMTP code can send holds another character', () => {
    const files = smtpSources();
    assert.ok(files.some((f) => f.endsWith('inbound-server.ts')) && files.some((f) => f.endsWith('submission-server.ts')));
    const offending = files.flatMap((file) =>
      literalTexts(file)
        .filter(({ text }) => /[^\x20-\x7e\t\r\n]/.test(text))
        .map(({ text, line }) => `${path.relative(MAILD_SRC, file)}:${line}: ${JSON.stringify(text)}`),
    );
    assert.deepEqual(offending, []);
  });

  it('keeps its enhanced code and text as given', () => {
    const reply = reject(550, '5.7.1', 'Message rejected by the DMARC policy of the sender domain');
    assert.equal(reply.responseCode, 550);
    assert.equal(reply.message, '5.7.1 Message rejected by the DMARC policy of the sender domain');
  });
});
