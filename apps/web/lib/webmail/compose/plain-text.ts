/**
 * HTML ⇄ plain text for the compose form: the text alternative of an HTML
 * message, and the switch between the rich and the plain editor. Runs in
 * the browser too (html-to-text is plain JavaScript).
 */
import { convert, type FormatCallback } from 'html-to-text';
import { SIGNATURE_CLASS, SIGNATURE_DELIMITER } from './signature-block.ts';

/** The signature block under its "-- " line (RFC 3676 §4.3); an empty one leaves nothing. */
const formatSignature: FormatCallback = (elem, walk, builder) => {
  if (!elem.children?.length) return;
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(SIGNATURE_DELIMITER);
  builder.closeBlock({ trailingLineBreaks: 1 });
  // The editor writes each signature line as a paragraph: one line each here, not a blank line between.
  for (const child of elem.children) {
    builder.openBlock({ leadingLineBreaks: 1 });
    walk(child.name === 'p' ? (child.children ?? []) : [child], builder);
    builder.closeBlock({ trailingLineBreaks: 1 });
  }
  builder.addLineBreak();
};

const OPTIONS = {
  wordwrap: 76,
  formatters: { signature: formatSignature },
  selectors: [
    { selector: `div.${SIGNATURE_CLASS}`, format: 'signature' },
    { selector: 'a', options: { linkBrackets: ['<', '>'] as [string, string], hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** Quotes become "> " lines, lists "* " items, links "text <url>". */
export function htmlToPlainText(html: string): string {
  // Likewise a list item's single paragraph (Tiptap's <li><p>…</p></li>).
  const compact = html.replace(/<li>\s*<p>/g, '<li>').replace(/<\/p>\s*<\/li>/g, '</li>');
  return convert(compact, OPTIONS)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function paragraphs(lines: string[]): string {
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) blocks.push(`<p>${current.map(escapeHtml).join('<br>')}</p>`);
    current = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return blocks.join('');
}

/** Plain text as editor HTML: blank lines split paragraphs, "> " runs become block quotes (nested ones too). */
export function plainTextToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let index = 0;
  while (index < lines.length) {
    if (/^>/.test(lines[index]!)) {
      const quoted: string[] = [];
      while (index < lines.length && /^>/.test(lines[index]!)) quoted.push(lines[index++]!.replace(/^> ?/, ''));
      out.push(`<blockquote>${plainTextToHtml(quoted.join('\n'))}</blockquote>`);
    } else {
      const plain: string[] = [];
      while (index < lines.length && !/^>/.test(lines[index]!)) plain.push(lines[index++]!);
      out.push(paragraphs(plain));
    }
  }
  return out.join('');
}
