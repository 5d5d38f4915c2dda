/**
 * Header text the reading pane shows (subjects, display names) may carry
 * control characters and Unicode bidi overrides, used to make
 * "invoice‮fdp.exe" read as "invoiceexe.pdf" or to flip an address. React
 * escapes markup; these characters it cannot, so they go here.
 */

// C0 and C1 controls (tab, CR and LF are turned into spaces first), DEL.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO), isolates (LRI, RLI, FSI, PDI),
// and the marks that can hide inside a name (LRM, RLM, ALM).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** One line of text without controls or bidi overrides, whitespace collapsed. */
export function displayText(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .replace(/[\t\r\n]+/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI_CONTROLS, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
