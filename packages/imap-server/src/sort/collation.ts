/**
 * i;ascii-casemap (RFC 4790 §9.2), the collation SORT and THREAD use
 * unless a client picks another (RFC 5256 §2.1): ASCII letters are mapped
 * to upper case, nothing else is folded, and the results are compared as
 * octets. So `[`, `\`, `]`, `^` and `_` (0x5B-0x5F) sort after `Z`, and
 * `Über` and `über` are different.
 */

/** The text as the collation compares it (one rule, in @kontor/core: the store keeps sort keys as columns). */
export { asciiCasemap } from '@kontor/core/sort-keys';

/**
 * Octet order of the UTF-8 forms, which is Unicode code point order
 * (JavaScript's `<` compares UTF-16 units, which puts U+10000.. before U+E000..).
 */
export function compareOctets(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
