/**
 * Where a signature sits in a message body, in both formats. HTML: a
 * <div class="kontor-signature"> (a class, like Thunderbird's
 * moz-signature, because the reading pane's sanitiser keeps classes and
 * drops data- attributes, and a reopened draft passes through it). Plain
 * text: the "-- " line (RFC 3676 §4.3) and the text under it.
 */
export const SIGNATURE_CLASS = 'kontor-signature';
export const SIGNATURE_DELIMITER = '-- ';

export interface SignatureParts {
  html: string;
  text: string;
}

/** The signature as the rich editor's block; empty, it keeps the place for the next identity's. */
export function signatureHtml(signature: SignatureParts | null): string {
  return `<div class="${SIGNATURE_CLASS}">${signature?.html ?? ''}</div>`;
}

export function signatureText(signature: SignatureParts | null): string {
  return signature?.text.trim() ? `${SIGNATURE_DELIMITER}\n${signature.text.trim()}` : '';
}

/** A new body: room to write, the signature, then a quote (reply, forward) if any. */
export function initialBody(format: 'html' | 'plain', signature: SignatureParts | null, quote: { html: string; text: string } | null): string {
  if (format === 'html') return `<p></p>${signatureHtml(signature)}${quote?.html ?? ''}`;
  const parts = ['', signatureText(signature), quote?.text ?? ''].filter((part, index) => index === 0 || part);
  return parts.length === 1 ? '' : parts.join('\n\n');
}

/**
 * The plain body with `previous` signature replaced by `next`: where the
 * previous one stands as it was inserted; otherwise (none yet, or edited
 * by the user) the new one goes above the quote, or at the end.
 */
export function swapPlainSignature(body: string, previous: SignatureParts | null, next: SignatureParts | null): string {
  const oldBlock = signatureText(previous);
  const newBlock = signatureText(next);
  if (oldBlock && body.includes(oldBlock)) {
    const swapped = body.replace(oldBlock, newBlock);
    return newBlock ? swapped : swapped.replace(/\n{3,}/g, '\n\n');
  }
  if (!newBlock) return body;
  const lines = body.split('\n');
  // The quote starts at its header line ("On … wrote:"), the line before the first "> " line.
  const firstQuoted = lines.findIndex((line) => line.startsWith('>'));
  const forwardHeader = lines.findIndex((line) => /^-{5,} .+ -{5,}$/.test(line));
  const quoteStart = [firstQuoted > 0 ? firstQuoted - 1 : -1, forwardHeader].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (quoteStart === undefined) return `${body.replace(/\s+$/, '')}\n\n${newBlock}\n`;
  const before = lines.slice(0, quoteStart).join('\n').replace(/\s+$/, '');
  return `${before}\n\n${newBlock}\n\n${lines.slice(quoteStart).join('\n')}`;
}
