import { type Editor, Node } from '@tiptap/core';
import { SIGNATURE_CLASS, type SignatureParts, signatureHtml } from '@/lib/webmail/compose/signature-block.ts';

/**
 * The signature as a block of its own in the editor, so changing the From
 * can find and replace exactly it (and an empty one keeps its place).
 */
export const SignatureNode = Node.create({
  name: 'signature',
  group: 'block',
  content: 'block*',
  defining: true,
  parseHTML() {
    return [{ tag: `div.${SIGNATURE_CLASS}` }];
  },
  renderHTML() {
    return ['div', { class: SIGNATURE_CLASS }, 0];
  },
});

/** Puts `signature` where the current one is; without one, above the quote (or at the end). */
export function swapEditorSignature(editor: Editor, signature: SignatureParts | null): void {
  let found: { from: number; to: number } | null = null;
  let firstQuote: number | null = null;
  editor.state.doc.forEach((node, offset) => {
    if (!found && node.type.name === 'signature') found = { from: offset, to: offset + node.nodeSize };
    if (firstQuote === null && node.type.name === 'blockquote') firstQuote = offset;
  });
  const html = signatureHtml(signature);
  const range: { from: number; to: number } = found ?? { from: firstQuote ?? editor.state.doc.content.size, to: firstQuote ?? editor.state.doc.content.size };
  editor.chain().insertContentAt(range, html, { updateSelection: false }).run();
}
