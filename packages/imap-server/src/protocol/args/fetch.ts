/**
 * FETCH arguments (RFC 3501 §6.4.5, RFC 3516 BINARY, RFC 7162 CONDSTORE/
 * QRESYNC, RFC 8970 PREVIEW): the data items, the macros ALL/FAST/FULL, body sections with
 * partial ranges, and the CHANGEDSINCE/VANISHED modifiers.
 */
import { type ArgReader, ArgumentError } from '../arguments.ts';
import type { SequenceSet } from '../sequence-set.ts';
import { describeValue, type ImapValue } from '../values.ts';

/** Data items without a section. `BODY` is the non-extensible BODYSTRUCTURE. */
export type FetchItemName =
  | 'ENVELOPE'
  | 'FLAGS'
  | 'INTERNALDATE'
  | 'RFC822.SIZE'
  | 'BODYSTRUCTURE'
  | 'BODY'
  | 'UID'
  | 'MODSEQ'
  | 'RFC822'
  | 'RFC822.HEADER'
  | 'RFC822.TEXT';

const ITEM_NAMES: readonly FetchItemName[] = [
  'ENVELOPE',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'BODYSTRUCTURE',
  'BODY',
  'UID',
  'MODSEQ',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
];

export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

/** `BODY[1.2.HEADER.FIELDS (From To)]` → `{ part: [1, 2], text: 'HEADER.FIELDS', fields: ['From', 'To'] }`. */
export interface BodySection {
  /** Part numbers; empty = the whole message. */
  part: number[];
  /** Which piece of the part; absent = all of it. */
  text?: SectionText;
  /** Field names of HEADER.FIELDS / HEADER.FIELDS.NOT, as sent. */
  fields?: string[];
}

/** `<offset.length>`: at most `length` octets from `offset`. */
export interface FetchPartial {
  offset: number;
  length: number;
}

export type FetchAttribute =
  | { kind: 'item'; name: FetchItemName }
  | { kind: 'body-section'; peek: boolean; section: BodySection; partial?: FetchPartial }
  | { kind: 'binary'; peek: boolean; part: number[]; partial?: FetchPartial }
  | { kind: 'binary-size'; part: number[] }
  /** PREVIEW, `PREVIEW (LAZY)` (RFC 8970 §3). */
  | { kind: 'preview'; lazy: boolean };

export interface FetchArgs {
  /** UID FETCH: `set` holds UIDs. */
  uid: boolean;
  set: SequenceSet;
  attributes: FetchAttribute[];
  /** CHANGEDSINCE (RFC 7162): only messages whose MODSEQ is higher. */
  changedSince?: bigint;
  /** VANISHED (RFC 7162, UID FETCH only): also report expunged UIDs. */
  vanished: boolean;
}

const MACROS: Record<string, FetchItemName[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

/**
 * `FETCH set (items) [(modifiers)]`. For UID FETCH (`uid`), UID is added to
 * the items (RFC 3501 §6.4.8); with CHANGEDSINCE, MODSEQ is (RFC 7162 §3.1.4.1).
 */
export function parseFetchArgs(reader: ArgReader, uid: boolean): FetchArgs {
  const set = reader.sequenceSet('sequence set');
  const attributes = parseFetchItems(reader);
  const result: FetchArgs = { uid, set, attributes, vanished: false };
  const modifiers = reader.optionalList();
  if (modifiers) {
    while (!modifiers.done) {
      const name = modifiers.keyword('FETCH modifier', ['CHANGEDSINCE', 'VANISHED']);
      if (name === 'CHANGEDSINCE') {
        if (result.changedSince !== undefined) modifiers.fail('CHANGEDSINCE given twice');
        result.changedSince = modifiers.modseq('CHANGEDSINCE', true);
      } else {
        result.vanished = true;
      }
    }
    if (result.vanished && !uid) reader.fail('VANISHED is only allowed in UID FETCH');
    if (result.vanished && result.changedSince === undefined) reader.fail('VANISHED requires CHANGEDSINCE');
    if (result.vanished && !reader.context.enabled.has('QRESYNC')) reader.fail('VANISHED requires ENABLE QRESYNC');
  }
  reader.end();
  if (uid) ensureItem(result.attributes, 'UID');
  if (result.changedSince !== undefined) ensureItem(result.attributes, 'MODSEQ');
  return result;
}

function ensureItem(attributes: FetchAttribute[], name: FetchItemName): void {
  if (!attributes.some((a) => a.kind === 'item' && a.name === name)) attributes.push({ kind: 'item', name });
}

/** A macro, a single item, or a parenthesised list of items. */
export function parseFetchItems(reader: ArgReader): FetchAttribute[] {
  const macro = reader.peekAtom();
  if (macro !== undefined && MACROS[macro]) {
    reader.take('macro');
    return MACROS[macro].map((name) => ({ kind: 'item', name }));
  }
  const list = reader.optionalList();
  if (!list) return [withModifiers(parseFetchAttribute(reader.take('FETCH data item')), reader)];
  const attributes: FetchAttribute[] = [];
  while (!list.done) {
    const value = list.take('FETCH data item');
    if (value.type === 'atom' && !value.section && MACROS[value.value.toUpperCase()]) {
      list.fail(`Macro ${value.value.toUpperCase()} must be used alone`);
    }
    attributes.push(withModifiers(parseFetchAttribute(value), list));
  }
  if (attributes.length === 0) reader.fail('Empty list of FETCH data items');
  return attributes;
}

/**
 * `PREVIEW (LAZY)`: the modifier list after PREVIEW (RFC 8970 §3.1). Only
 * inside an item list or as the single item: after a lone item a list is
 * the command's FETCH modifiers.
 */
function withModifiers(attribute: FetchAttribute, reader: ArgReader): FetchAttribute {
  if (attribute.kind !== 'preview') return attribute;
  const value = reader.peek();
  if (value?.type !== 'list' || !value.items.every((item) => item.type === 'atom' && item.value.toUpperCase() === 'LAZY')) return attribute;
  const modifiers = reader.list('PREVIEW modifiers');
  while (!modifiers.done) {
    modifiers.keyword('PREVIEW modifier', ['LAZY']);
    attribute.lazy = true;
  }
  return attribute;
}

export function parseFetchAttribute(value: ImapValue): FetchAttribute {
  if (value.type !== 'atom') return bad(`Invalid FETCH data item: ${describeValue(value)}`);
  const { section } = value;
  if (!section) {
    const name = value.value.toUpperCase();
    if (name === 'PREVIEW') return { kind: 'preview', lazy: false };
    if ((ITEM_NAMES as readonly string[]).includes(name)) return { kind: 'item', name: name as FetchItemName };
    return bad(`Unknown FETCH data item: ${describeValue(value)}`);
  }
  const partial = section.partial === undefined ? undefined : checkPartial(section.partial);
  switch (section.name) {
    case 'BODY':
    case 'BODY.PEEK': {
      const attribute: FetchAttribute = { kind: 'body-section', peek: section.name === 'BODY.PEEK', section: parseBodySection(section.items) };
      if (partial) attribute.partial = partial;
      return attribute;
    }
    case 'BINARY':
    case 'BINARY.PEEK': {
      const attribute: FetchAttribute = { kind: 'binary', peek: section.name === 'BINARY.PEEK', part: parseBinaryPart(section.items) };
      if (partial) attribute.partial = partial;
      return attribute;
    }
    default: {
      if (partial) return bad('BINARY.SIZE takes no partial range');
      return { kind: 'binary-size', part: parseBinaryPart(section.items) };
    }
  }
}

function checkPartial(partial: { offset: number; length?: number }): FetchPartial {
  if (partial.length === undefined) return bad('A partial range needs a length: <offset.length>');
  if (partial.length === 0) return bad('A partial range length must not be zero');
  return { offset: partial.offset, length: partial.length };
}

/** section-spec (RFC 3501 §9): `[]`, `[1.2]`, `[HEADER]`, `[1.2.MIME]`, `[HEADER.FIELDS (From To)]` ... */
export function parseBodySection(items: readonly ImapValue[]): BodySection {
  if (items.length === 0) return { part: [] };
  const spec = items[0]!;
  if (spec.type !== 'atom') return bad(`Invalid section: ${describeValue(spec)}`);
  const words = spec.value.toUpperCase().split('.');
  const part: number[] = [];
  while (words.length > 0 && /^\d+$/.test(words[0]!)) {
    const word = words.shift()!;
    if (!/^[1-9]\d{0,9}$/.test(word) || Number(word) > 4294967295) return bad(`Invalid part number in ${spec.value}`);
    part.push(Number(word));
  }
  const text = words.join('.');
  const section: BodySection = { part };
  if (text === '') {
    if (part.length === 0) return bad(`Invalid section: ${spec.value}`);
  } else if (text === 'HEADER' || text === 'TEXT' || text === 'MIME') {
    if (text === 'MIME' && part.length === 0) return bad('MIME needs a part number: [1.MIME]');
    section.text = text;
  } else if (text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT') {
    section.text = text;
    section.fields = parseHeaderList(items[1], text);
    if (items.length > 2) return bad(`Unexpected ${describeValue(items[2])} in section`);
    return section;
  } else {
    return bad(`Invalid section: ${spec.value}`);
  }
  if (items.length > 1) return bad(`Unexpected ${describeValue(items[1])} in section`);
  return section;
}

function parseHeaderList(value: ImapValue | undefined, text: string): string[] {
  if (value?.type !== 'list' || value.items.length === 0) return bad(`${text} needs a list of header field names`);
  return value.items.map((item) => {
    const name = item.type === 'atom' || item.type === 'quoted' ? item.value : undefined;
    // field-name = 1*(printable US-ASCII except ":")
    if (name === undefined || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) return bad(`Invalid header field name: ${describeValue(item)}`);
    return name;
  });
}

/** section-binary: `[]` or `[1.2]` (part numbers only). */
function parseBinaryPart(items: readonly ImapValue[]): number[] {
  if (items.length === 0) return [];
  const spec = items[0]!;
  if (items.length > 1 || spec.type !== 'atom' || !/^[1-9]\d{0,9}(\.[1-9]\d{0,9})*$/.test(spec.value)) {
    return bad(`Invalid BINARY section: ${describeValue(spec)}`);
  }
  return spec.value.split('.').map(Number);
}

/** Whether fetching these items sets \Seen (a non-PEEK body fetch; RFC822, RFC822.TEXT). */
export function fetchSetsSeen(attributes: readonly FetchAttribute[]): boolean {
  return attributes.some(
    (a) => ((a.kind === 'body-section' || a.kind === 'binary') && !a.peek) || (a.kind === 'item' && (a.name === 'RFC822' || a.name === 'RFC822.TEXT')),
  );
}

/**
 * The name a FETCH response uses for an item: `BODY[1.2.HEADER.FIELDS (From To)]<0>`
 * (PEEK dropped, partial shown as its origin only), `BINARY.SIZE[1]`, `UID` ...
 */
export function fetchResponseName(attribute: FetchAttribute): string {
  switch (attribute.kind) {
    case 'item':
      return attribute.name;
    case 'body-section':
      return `BODY[${formatBodySection(attribute.section)}]${attribute.partial ? `<${attribute.partial.offset}>` : ''}`;
    case 'binary':
      return `BINARY[${attribute.part.join('.')}]${attribute.partial ? `<${attribute.partial.offset}>` : ''}`;
    case 'binary-size':
      return `BINARY.SIZE[${attribute.part.join('.')}]`;
    case 'preview':
      return 'PREVIEW';
  }
}

export function formatBodySection(section: BodySection): string {
  const pieces = [...section.part.map(String)];
  if (section.text) pieces.push(section.text);
  const spec = pieces.join('.');
  if (!section.fields) return spec;
  const names = section.fields.map((name) => (/^[A-Za-z0-9-]+$/.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`));
  return `${spec} (${names.join(' ')})`;
}

function bad(message: string): never {
  throw new ArgumentError(message);
}
