/**
 * A reader for the files inside a TNEF stream (winmail.dat,
 * application/ms-tnef), after [MS-OXTNEF]. Only what a mail reader needs:
 * each attachment's name and bytes, and its MIME type and Content-ID when
 * Outlook recorded them. The message body (RTF) and embedded messages are
 * not unpacked.
 *
 * Why our own: the npm candidate (node-tnef 1.4.0) copies the whole input
 * into a JavaScript array of numbers, logs through bunyan on import, reads
 * names as Latin-1 only and has no tests.
 *
 * Every read is bounds-checked; a truncated or broken stream yields the
 * files read so far, never an exception.
 */
import iconv from 'iconv-lite';

const TNEF_SIGNATURE = 0x223e9f78; // [MS-OXTNEF] 2.1.3.1
const LEVEL_MESSAGE = 0x01;
const LEVEL_ATTACHMENT = 0x02;

// Attribute ids, the low 16 bits of the attribute field ([MS-OXTNEF] 2.1.3.3).
const ATT_OEM_CODEPAGE = 0x9007;
const ATT_ATTACH_REND_DATA = 0x9002; // starts each attachment
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACHMENT = 0x9005; // the attachment's MAPI properties

// MAPI property ids ([MS-OXPROPS]).
const PR_DISPLAY_NAME = 0x3001;
const PR_ATTACH_DATA_BIN = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_ATTACH_CONTENT_ID = 0x3712;

// MAPI property types ([MS-OXCDATA] 2.11.1).
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;
const FIXED_SIZE: Record<number, number> = {
  2: 4, // PtypInteger16, padded to 4
  3: 4,
  4: 4,
  10: 4,
  11: 4, // PtypBoolean, padded to 4
  5: 8,
  6: 8,
  7: 8,
  20: 8,
  64: 8,
  72: 16,
};

const MAX_ATTACHMENTS = 500;
const MAX_PROPERTIES = 2000;

export type TnefFile = {
  filename: string;
  /** PR_ATTACH_MIME_TAG, when Outlook set it. */
  contentType: string | null;
  contentId: string | null;
  content: Buffer;
};

type Draft = {
  title?: string;
  longFilename?: string;
  displayName?: string;
  mimeTag?: string;
  contentId?: string;
  content?: Buffer;
};

/** Is this a TNEF stream (by its signature)? */
export function isTnef(data: Buffer): boolean {
  return data.length >= 6 && data.readUInt32LE(0) === TNEF_SIGNATURE;
}

/** The files in a TNEF stream, in order; null when the data is not TNEF. */
export function readTnefFiles(data: Buffer): TnefFile[] | null {
  if (!isTnef(data)) return null;
  const drafts: Draft[] = [];
  let codepage = 1252;
  let offset = 6; // signature (4) and legacy key (2)
  while (offset + 9 <= data.length && drafts.length <= MAX_ATTACHMENTS) {
    const level = data.readUInt8(offset);
    const attribute = data.readUInt32LE(offset + 1) & 0xffff;
    const length = data.readUInt32LE(offset + 5);
    const start = offset + 9;
    // Value, then a 2-byte checksum we do not insist on (Outlook's are right; others' often are not).
    if (length > data.length - start) break;
    const value = data.subarray(start, start + length);
    offset = start + length + 2;
    if (level === LEVEL_MESSAGE && attribute === ATT_OEM_CODEPAGE && value.length >= 4) codepage = value.readUInt32LE(0);
    if (level !== LEVEL_ATTACHMENT) continue;
    if (attribute === ATT_ATTACH_REND_DATA || drafts.length === 0) drafts.push({});
    const draft = drafts[drafts.length - 1] as Draft;
    if (attribute === ATT_ATTACH_TITLE) draft.title = decodeString8(value, codepage);
    else if (attribute === ATT_ATTACH_DATA) draft.content = Buffer.from(value);
    else if (attribute === ATT_ATTACHMENT) applyProperties(draft, readProperties(value), codepage);
  }
  return drafts.flatMap((draft) => {
    if (!draft.content) return [];
    const filename = draft.longFilename || draft.title || draft.displayName || '';
    return [{ filename, contentType: draft.mimeTag || null, contentId: draft.contentId || null, content: draft.content }];
  });
}

type Property = { id: number; type: number; value: Buffer };

/** A MAPI property list ([MS-OXTNEF] 2.1.3.4): first value of each property; stops at anything it cannot size. */
function readProperties(data: Buffer): Property[] {
  const properties: Property[] = [];
  if (data.length < 4) return properties;
  const count = Math.min(data.readUInt32LE(0), MAX_PROPERTIES);
  let offset = 4;
  const need = (bytes: number) => offset + bytes <= data.length;
  for (let i = 0; i < count; i += 1) {
    if (!need(4)) break;
    const type = data.readUInt16LE(offset);
    const id = data.readUInt16LE(offset + 2);
    offset += 4;
    if (id >= 0x8000) {
      // A named property: GUID, kind, then a number or a length-prefixed UTF-16 name.
      if (!need(20)) break;
      const kind = data.readUInt32LE(offset + 16);
      offset += 20;
      if (kind === 0) offset += 4;
      else {
        if (!need(4)) break;
        offset += 4 + padded(data.readUInt32LE(offset));
      }
    }
    const base = type & ~MV_FLAG;
    const variable = base === PT_STRING8 || base === PT_UNICODE || base === PT_BINARY || base === PT_OBJECT;
    const fixed = FIXED_SIZE[base];
    if (!variable && fixed === undefined) break;
    let values = 1;
    if (variable || type & MV_FLAG) {
      if (!need(4)) break;
      values = data.readUInt32LE(offset);
      offset += 4;
    }
    for (let v = 0; v < values; v += 1) {
      let size = fixed ?? 0;
      if (variable) {
        if (!need(4)) return properties;
        size = data.readUInt32LE(offset);
        offset += 4;
      }
      if (!need(size)) return properties;
      if (v === 0) properties.push({ id, type: base, value: data.subarray(offset, offset + size) });
      offset += variable ? padded(size) : size;
    }
  }
  return properties;
}

function applyProperties(draft: Draft, properties: Property[], codepage: number): void {
  for (const property of properties) {
    const text = () => (property.type === PT_UNICODE ? decodeUnicode(property.value) : decodeString8(property.value, codepage));
    const isText = property.type === PT_STRING8 || property.type === PT_UNICODE;
    if (property.id === PR_ATTACH_LONG_FILENAME && isText) draft.longFilename = text();
    else if (property.id === PR_ATTACH_FILENAME && isText) draft.title ||= text();
    else if (property.id === PR_DISPLAY_NAME && isText) draft.displayName = text();
    else if (property.id === PR_ATTACH_MIME_TAG && isText) draft.mimeTag = text();
    else if (property.id === PR_ATTACH_CONTENT_ID && isText) draft.contentId = text();
    else if (property.id === PR_ATTACH_DATA_BIN && property.type === PT_BINARY && !draft.content) draft.content = Buffer.from(property.value);
  }
}

const padded = (size: number) => size + ((4 - (size % 4)) % 4);

function decodeString8(value: Buffer, codepage: number): string {
  return iconv.decode(value, charsetOfCodepage(codepage)).replace(/\0+$/, '');
}

function decodeUnicode(value: Buffer): string {
  return value.toString('utf16le').replace(/\0+$/, '');
}

function charsetOfCodepage(codepage: number): string {
  if (codepage === 65001) return 'utf-8';
  if (codepage === 20127) return 'ascii';
  const name = `cp${codepage}`;
  return iconv.encodingExists(name) ? name : 'cp1252';
}
