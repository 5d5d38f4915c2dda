/**
 * Mailbox names on the wire (RFC 3501 §5.1, §5.1.3).
 *
 * Inside Kontor a mailbox name is ordinary Unicode text. On the wire it is
 * modified UTF-7 (`&U,BTFw-` for 台北), unless the client enabled
 * UTF8=ACCEPT (RFC 6855), in which case it is plain UTF-8.
 */

/** Unicode → modified UTF-7: printable ASCII as itself, `&` as `&-`, the rest base64 of UTF-16BE. */
export function encodeModifiedUtf7(name: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => {
      bytes.writeUInt16BE(unit, i * 2);
    });
    out += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      flush();
      out += unit === 0x26 ? '&-' : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

const BASE64_RUN = /^[A-Za-z0-9+,]+$/;
/** With the u flag, a surrogate only matches when it is not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Modified UTF-7 → Unicode; undefined if the text is not valid modified UTF-7. */
export function decodeModifiedUtf7(text: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit > 0x7e) return undefined;
    if (unit !== 0x26) {
      out += text[i];
      i++;
      continue;
    }
    const end = text.indexOf('-', i + 1);
    if (end === -1) return undefined;
    if (end === i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    const run = text.slice(i + 1, end);
    const decoded = decodeBase64Run(run);
    if (decoded === undefined) return undefined;
    out += decoded;
    i = end + 1;
  }
  return out;
}

function decodeBase64Run(run: string): string | undefined {
  if (!BASE64_RUN.test(run) || run.length % 4 === 1) return undefined;
  const bytes = Buffer.from(run.replace(/,/g, '/'), 'base64');
  if (bytes.length === 0 || bytes.length % 2 !== 0) return undefined;
  // The unused bits of the last base64 character must be zero (canonical form).
  if (Buffer.from(bytes).toString('base64').replace(/=+$/, '') !== run.replace(/,/g, '/')) return undefined;
  let out = '';
  for (let j = 0; j < bytes.length; j += 2) {
    const unit = bytes.readUInt16BE(j);
    // Printable ASCII must be written as itself, never base64-encoded.
    if (unit >= 0x20 && unit <= 0x7e) return undefined;
    out += String.fromCharCode(unit);
  }
  return LONE_SURROGATE.test(out) ? undefined : out;
}

/** `INBOX` is case-insensitive (RFC 3501 §5.1); every other name is kept as is. */
export function normalizeMailboxName(name: string): string {
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

/** A mailbox argument as sent → the Unicode name (undefined: invalid encoding). */
export function decodeMailboxName(wire: string, utf8Accept: boolean): string | undefined {
  const name = utf8Accept ? wire : decodeModifiedUtf7(wire);
  return name === undefined ? undefined : normalizeMailboxName(name);
}

/** A Unicode mailbox name → its wire form for this session. */
export function encodeMailboxName(name: string, utf8Accept: boolean): string {
  return utf8Accept ? name : encodeModifiedUtf7(name);
}
