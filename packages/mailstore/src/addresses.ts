/**
 * RFC 5322 address lists as IMAP ENVELOPE wants them (RFC 3501 7.4.2):
 * each address split into name, source route (adl), mailbox and host, with
 * groups written as the start marker (NIL NIL "group" NIL), the members, and
 * the end marker (NIL NIL NIL NIL). Values stay raw (encoded-words are not
 * decoded: IMAP clients decode them); quoting and comments are removed.
 *
 * Tolerant by design: anything a header contains yields some description,
 * never an exception.
 */

export type EnvelopeAddress = {
  name: string | null;
  adl: string | null;
  mailbox: string | null;
  host: string | null;
};

export type ParsedMailbox = { name: string | null; adl: string | null; mailbox: string; host: string };
export type ParsedAddress = ({ kind: 'mailbox' } & ParsedMailbox) | { kind: 'group'; name: string; members: ParsedMailbox[] };

type Token = { kind: 'atom' | 'quoted' | 'comment' | 'literal' | 'special'; text: string; raw: string; space: boolean };

const SPECIALS = new Set(['<', '>', '@', ',', ';', ':', '.']);
const WSP = /[ \t\r\n]/;

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  while (i < value.length) {
    const c = value[i]!;
    if (WSP.test(c)) {
      space = true;
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      let text = '';
      i++;
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        const ch = value[i]!;
        if (ch !== '\r' && ch !== '\n') text += ch;
        i++;
      }
      i++; // closing quote (or end of input)
      tokens.push({ kind: 'quoted', text, raw: value.slice(start, i), space });
    } else if (c === '(') {
      let depth = 0;
      let text = '';
      do {
        const ch = value[i]!;
        if (ch === '\\' && i + 1 < value.length) {
          text += value[i + 1];
          i += 2;
          continue;
        }
        if (ch === '(') depth++;
        else if (ch === ')') depth--;
        if ((ch !== '(' || depth > 1) && (ch !== ')' || depth > 0)) text += ch;
        i++;
      } while (i < value.length && depth > 0);
      tokens.push({ kind: 'comment', text: text.replace(/\s+/g, ' ').trim(), raw: value.slice(start, i), space });
    } else if (c === '[') {
      const close = value.indexOf(']', i);
      i = close === -1 ? value.length : close + 1;
      tokens.push({ kind: 'literal', text: value.slice(start, i), raw: value.slice(start, i), space });
    } else if (SPECIALS.has(c)) {
      i++;
      tokens.push({ kind: 'special', text: c, raw: c, space });
    } else {
      while (i < value.length && !WSP.test(value[i]!) && !SPECIALS.has(value[i]!) && !'"(['.includes(value[i]!)) i++;
      tokens.push({ kind: 'atom', text: value.slice(start, i), raw: value.slice(start, i), space });
    }
    space = false;
  }
  return tokens;
}

const isSpecial = (t: Token | undefined, c: string) => t?.kind === 'special' && t.text === c;

/** A phrase (display name): words joined by single spaces where the header had space. */
function phrase(tokens: Token[]): string | null {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    if (out && t.space) out += ' ';
    out += t.kind === 'quoted' ? t.text : t.raw;
  }
  return out.trim() || null;
}

/** Raw text of an addr-spec piece: no comments, no folding white space. */
function compact(tokens: Token[]): string {
  return tokens
    .filter((t) => t.kind !== 'comment')
    .map((t) => t.raw)
    .join('');
}

function lastComment(tokens: Token[]): string | null {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'comment' && t.text) return t.text;
  }
  return null;
}

function splitAddrSpec(tokens: Token[]): { mailbox: string; host: string } {
  let at = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (isSpecial(tokens[i], '@')) {
      at = i;
      break;
    }
  }
  if (at === -1) return { mailbox: compact(tokens), host: '' };
  return { mailbox: compact(tokens.slice(0, at)), host: compact(tokens.slice(at + 1)) };
}

/** One mailbox from its tokens (no top-level commas); null when there is nothing in it. */
function parseMailbox(tokens: Token[]): ParsedMailbox | null {
  if (!tokens.some((t) => t.kind !== 'comment')) return null;
  const open = tokens.findIndex((t) => isSpecial(t, '<'));
  if (open === -1) {
    const { mailbox, host } = splitAddrSpec(tokens);
    return { name: lastComment(tokens), adl: null, mailbox, host };
  }
  let close = tokens.findIndex((t, i) => i > open && isSpecial(t, '>'));
  if (close === -1) close = tokens.length;
  let inner = tokens.slice(open + 1, close);
  let adl: string | null = null;
  // Obsolete source route: <@a,@b:user@host>
  if (isSpecial(inner[0], '@')) {
    const colon = inner.findIndex((t) => isSpecial(t, ':'));
    if (colon !== -1) {
      adl = compact(inner.slice(0, colon)) || null;
      inner = inner.slice(colon + 1);
    }
  }
  const { mailbox, host } = splitAddrSpec(inner);
  const name = phrase(tokens.slice(0, open)) ?? lastComment([...tokens.slice(0, open), ...tokens.slice(close + 1)]);
  return { name, adl, mailbox, host };
}

/** Splits tokens at top-level commas (commas inside <...> belong to source routes). */
function splitAtCommas(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let angle = 0;
  for (const t of tokens) {
    if (isSpecial(t, '<')) angle++;
    else if (isSpecial(t, '>')) angle = Math.max(0, angle - 1);
    if (angle === 0 && isSpecial(t, ',')) {
      out.push(current);
      current = [];
    } else current.push(t);
  }
  out.push(current);
  return out;
}

/** Parses an address-list header value (From, To, Cc, ...). */
export function parseAddressList(value: string): ParsedAddress[] {
  const tokens = tokenize(value);
  const out: ParsedAddress[] = [];
  let i = 0;
  while (i < tokens.length) {
    // A group starts with "phrase :" before any "<" or "@" at top level.
    let colon = -1;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind !== 'special' || t.text === '.') continue;
      if (t.text === ':') colon = j;
      break;
    }
    if (colon !== -1) {
      let semi = tokens.findIndex((t, j) => j > colon && isSpecial(t, ';'));
      if (semi === -1) semi = tokens.length;
      const members = splitAtCommas(tokens.slice(colon + 1, semi))
        .map(parseMailbox)
        .filter((m): m is ParsedMailbox => m !== null);
      out.push({ kind: 'group', name: phrase(tokens.slice(i, colon)) ?? '', members });
      i = semi + 1;
      if (isSpecial(tokens[i], ',')) i++;
      continue;
    }
    // A mailbox runs to the next top-level comma.
    let angle = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (isSpecial(t, '<')) angle++;
      else if (isSpecial(t, '>')) angle = Math.max(0, angle - 1);
      else if (angle === 0 && isSpecial(t, ',')) break;
    }
    const mailbox = parseMailbox(tokens.slice(i, j));
    if (mailbox) out.push({ kind: 'mailbox', ...mailbox });
    i = j + 1;
  }
  return out;
}

/** The IMAP ENVELOPE address list of a header value; null when it holds no address. */
export function envelopeAddresses(value: string | undefined): EnvelopeAddress[] | null {
  if (value === undefined) return null;
  const list: EnvelopeAddress[] = [];
  for (const item of parseAddressList(value)) {
    if (item.kind === 'mailbox') {
      list.push({ name: item.name, adl: item.adl, mailbox: item.mailbox, host: item.host });
    } else {
      list.push({ name: null, adl: null, mailbox: item.name, host: null });
      for (const m of item.members) list.push({ name: m.name, adl: m.adl, mailbox: m.mailbox, host: m.host });
      list.push({ name: null, adl: null, mailbox: null, host: null });
    }
  }
  return list.length ? list : null;
}
