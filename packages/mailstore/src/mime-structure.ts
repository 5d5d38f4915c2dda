/**
 * A streaming MIME structure parser: it reads a stored message once, in
 * chunks, and describes what IMAP FETCH needs (BODYSTRUCTURE, ENVELOPE,
 * section byte ranges) so the message never has to be parsed again.
 *
 * Memory stays bounded whatever the input: bodies are never kept, only the
 * header fields that matter (Content-*, and the envelope fields of message
 * headers), each capped, and at most one line prefix between chunks.
 *
 * It never throws on content. Broken input (no boundary, missing final
 * boundary, no blank line after the header, bare LF, 8-bit bytes, huge
 * headers) is described as found, with a note in `defects`.
 *
 * Offsets are octets from the start of the stored message:
 *   headerStart ≤ bodyStart ≤ end
 * - header (IMAP HEADER / MIME section) = [headerStart, bodyStart), blank line included;
 * - body   (IMAP TEXT / numbered section) = [bodyStart, end); the line break
 *   before a boundary belongs to the boundary (RFC 2046 5.1.1) and is not in it.
 * `lines` counts the body's lines, a last line without a line break included.
 */
import type { Readable } from 'node:stream';
import libmime from 'libmime';
import { buildEnvelope, buildSearchHeaders, ENVELOPE_FIELDS, type Envelope, type SearchHeaders } from './envelope.ts';

export type ContentParams = Record<string, string>;

/** One MIME entity, stored as the Message.bodyStructure JSON (its root). */
export type BodyPart = {
  /** Lower-case MIME type and subtype. */
  type: string;
  subtype: string;
  /**
   * Content-Type parameters, lower-case names. Values assembled from RFC 2231
   * continuations are given in their extended form under `name*`
   * (utf-8''percent-encoded), so the structure stays ASCII where the header was.
   */
  params: ContentParams;
  id: string | null;
  description: string | null;
  /** Content-Transfer-Encoding, upper case; 7BIT when absent. */
  encoding: string;
  md5: string | null;
  disposition: { type: string; params: ContentParams } | null;
  language: string[] | null;
  location: string | null;
  headerStart: number;
  bodyStart: number;
  end: number;
  /** Body size in octets (end - bodyStart). */
  size: number;
  /** Body lines; what BODYSTRUCTURE sends for text/* and message/rfc822. */
  lines: number;
  /**
   * multipart/*: the parts, in order (IMAP part numbers 1, 2, ...). Empty when
   * no part was found (no boundary parameter, or it never occurs); an IMAP
   * encoder then writes one empty text/plain part, as Dovecot does.
   */
  children?: BodyPart[];
  /** message/rfc822 (not transfer-encoded): the encapsulated message. */
  message?: { envelope: Envelope; body: BodyPart };
  /** What was wrong with the input, when something was. */
  defects?: string[];
};

export type MessageStructure = {
  /** Octets read. */
  size: number;
  envelope: Envelope;
  /** The root entity (Message.bodyStructure). */
  body: BodyPart;
  /** Decoded header values for the search columns. */
  headers: SearchHeaders;
};

const CONTENT_FIELDS: ReadonlySet<string> = new Set([
  'content-type',
  'content-transfer-encoding',
  'content-id',
  'content-description',
  'content-disposition',
  'content-language',
  'content-location',
  'content-md5',
]);

/** Address fields whose repetitions are joined rather than ignored (Dovecot and Cyrus do the same). */
const ADDRESS_LIST_FIELDS: ReadonlySet<string> = new Set(['to', 'cc', 'bcc']);
/** Longest line prefix kept between chunks; the rest of a longer line is only counted. */
const LINE_KEEP = 64 * 1024;
/** Longest header field value kept (unfolded); longer values are cut. */
const FIELD_KEEP = 64 * 1024;
/**
 * How many containers (multipart or message/rfc822) deep a message is
 * opened: Dovecot's default too. A container nested deeper is not opened
 * but described as one text/plain part holding the rest of it (defect
 * `nested-too-deep`), so SEARCH still finds the words at the bottom and
 * FETCH shows them at the part number that BODYSTRUCTURE gives.
 */
export const MAX_MIME_DEPTH = 100;
const MAX_PARTS = 5000;
const IDENTITY_ENCODINGS = new Set(['7BIT', '8BIT', 'BINARY']);
const DASH = 0x2d;
const CR = 0x0d;
const LF = 0x0a;

/** An entity while it is being read. */
class Entity {
  inHeader = true;
  bodyStart = -1;
  end = -1;
  bodyFirstLine = 0;
  lines = 0;
  /** Retained header fields (first occurrence; every To/Cc/Bcc line), raw bytes per physical line. */
  fields = new Map<string, Buffer[]>();
  field: { name: string; pieces: Buffer[]; size: number } | null = null;
  kind: 'leaf' | 'multipart' | 'message' = 'leaf';
  boundary: Buffer | null = null;
  epilogue = false;
  children: Entity[] = [];
  inner: Entity | null = null;
  part: Omit<BodyPart, 'headerStart' | 'bodyStart' | 'end' | 'size' | 'lines' | 'children' | 'message'> | null = null;
  envelope: Envelope | null = null;
  headers: SearchHeaders | null = null;
  defects: string[] = [];

  constructor(
    readonly headerStart: number,
    readonly depth: number,
    readonly isMessage: boolean,
    readonly inDigest: boolean,
  ) {}
}

function decodeText(pieces: Buffer[]): string {
  // Unfold (RFC 5322 2.2.3): the line breaks go, the white space that follows stays.
  return Buffer.concat(pieces)
    .toString('utf8')
    .replace(/\u0000/g, '')
    .trim();
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** A MIME type or subtype token (RFC 2045). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header field name (RFC 5322 ftext). */
const TOKEN_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

function parseParams(value: string): { value: string; params: ContentParams } {
  try {
    const parsed = libmime.parseHeaderValue(value);
    const decoded = new Set<string>((parsed as { decodedParams?: string[] }).decodedParams ?? []);
    const params: ContentParams = {};
    for (const [key, raw] of Object.entries(parsed.params)) {
      const text = String(raw).replace(/\u0000/g, '');
      if (decoded.has(key) && /[^\x20-\x7e]/.test(text)) params[`${key}*`] = `utf-8''${libmime.safeEncodeURIComponent(text)}`;
      else params[key] = text;
    }
    return { value: String(parsed.value ?? '').trim(), params };
  } catch {
    return { value: value.split(';')[0]?.trim() ?? '', params: {} };
  }
}

/** The parser. write() chunks in order, then end() for the structure. */
export class MimeStructureParser {
  private readonly root = new Entity(0, 0, true, false);
  private readonly stack: Entity[] = [this.root];
  private offset = 0;
  private lineNo = 0;
  private prevEmpty = false;
  private prevTerm = 0;
  private parts = 1;
  private pending: Buffer[] = [];
  private pendingKept = 0;
  private pendingLength = 0;
  private pendingLastByte = -1;
  private done: MessageStructure | null = null;

  write(chunk: Buffer | Uint8Array | string): void {
    if (this.done) return;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let pos = 0;
    while (pos < buf.length) {
      const lf = buf.indexOf(LF, pos);
      if (lf === -1) {
        this.keepPending(buf, pos, buf.length);
        return;
      }
      if (this.pendingLength > 0) {
        const beforeLf = lf > pos ? buf[lf - 1]! : this.pendingLastByte;
        this.keepPending(buf, pos, lf);
        const head = Buffer.concat(this.pending);
        const term = beforeLf === CR ? 2 : 1;
        const contentLength = this.pendingLength - (term - 1);
        this.pending = [];
        this.pendingKept = 0;
        this.pendingLength = 0;
        this.pendingLastByte = -1;
        this.line(head.subarray(0, Math.min(head.length, contentLength)), contentLength, term);
      } else {
        const term = lf > pos && buf[lf - 1] === CR ? 2 : 1;
        const contentLength = lf + 1 - term - pos;
        const top = this.stack[this.stack.length - 1]!;
        if (!top.inHeader && (contentLength < 2 || buf[pos] !== DASH || buf[pos + 1] !== DASH)) {
          this.advance(contentLength, term); // fast path: an ordinary body line
        } else {
          this.line(buf.subarray(pos, pos + Math.min(contentLength, LINE_KEEP)), contentLength, term);
        }
      }
      pos = lf + 1;
    }
  }

  /** Finishes the parse; the structure of everything written. */
  end(): MessageStructure {
    if (this.done) return this.done;
    if (this.pendingLength > 0) {
      const head = Buffer.concat(this.pending);
      const length = this.pendingLength;
      this.pending = [];
      this.pendingLength = 0;
      this.line(head, length, 0);
    }
    for (let i = this.stack.length - 1; i >= 0; i--) this.close(this.stack[i]!, this.offset, this.lineNo, false);
    this.stack.length = 0;
    if (this.parts >= MAX_PARTS) this.root.defects.push('too-many-parts');
    const body = this.describe(this.root);
    this.done = {
      size: this.offset,
      envelope: this.root.envelope ?? buildEnvelope(new Map()),
      body,
      headers: this.root.headers ?? buildSearchHeaders(new Map()),
    };
    return this.done;
  }

  private keepPending(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const room = LINE_KEEP - this.pendingKept;
    if (room > 0) {
      const piece = Buffer.from(buf.subarray(from, from + Math.min(room, to - from)));
      this.pending.push(piece);
      this.pendingKept += piece.length;
    }
    this.pendingLength += to - from;
    this.pendingLastByte = buf[to - 1]!;
  }

  /** Accounts one line of `contentLength` octets plus a `term`-octet line break. */
  private advance(contentLength: number, term: number): void {
    this.offset += contentLength + term;
    this.lineNo++;
    this.prevEmpty = contentLength === 0;
    this.prevTerm = term;
  }

  /** One line: `head` is its content (without the line break), at most LINE_KEEP octets of it. */
  private line(head: Buffer, contentLength: number, term: number): void {
    const lineStart = this.offset;
    const lineEnd = lineStart + contentLength + term;
    if (head.length >= 2 && head[0] === DASH && head[1] === DASH && this.boundary(head, contentLength, lineStart, lineEnd)) {
      this.advance(contentLength, term);
      return;
    }
    for (;;) {
      const entity = this.stack[this.stack.length - 1]!;
      if (!entity.inHeader) break;
      if (contentLength === 0) {
        this.endHeader(entity, lineEnd, this.lineNo + 1, true);
        break;
      }
      const first = head[0];
      if (first === 0x20 || first === 0x09) {
        if (entity.field) this.appendField(entity, head);
        break;
      }
      if (lineStart === 0 && head.subarray(0, 5).toString('latin1') === 'From ') {
        entity.defects.push('mbox-from-line'); // an mbox separator kept by an import: part of the header
        break;
      }
      const colon = head.indexOf(0x3a);
      const name =
        colon > 0
          ? head
              .subarray(0, colon)
              .toString('latin1')
              .replace(/[ \t]+$/, '')
          : '';
      if (colon > 0 && TOKEN_NAME.test(name)) {
        this.startField(entity, name.toLowerCase(), head.subarray(colon + 1));
        break;
      }
      // Not a header line: the header ended without its blank line; this line is body.
      entity.defects.push('missing-header-body-separator');
      this.endHeader(entity, lineStart, this.lineNo, true);
    }
    this.advance(contentLength, term);
  }

  /** Handles a line starting with "--"; false when it is no boundary of an open multipart. */
  private boundary(head: Buffer, contentLength: number, lineStart: number, lineEnd: number): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const entity = this.stack[i]!;
      if (entity.kind !== 'multipart' || !entity.boundary || entity.epilogue || entity.inHeader) continue;
      const b = entity.boundary;
      if (contentLength < 2 + b.length || head.length < 2 + b.length || !head.subarray(2, 2 + b.length).equals(b)) continue;
      let rest = head.subarray(2 + b.length, Math.min(head.length, contentLength));
      const closing = rest.length >= 2 && rest[0] === DASH && rest[1] === DASH;
      if (closing) rest = rest.subarray(2);
      if (!rest.every((c) => c === 0x20 || c === 0x09)) continue;
      if (!closing && this.parts >= MAX_PARTS) return false;
      for (let j = this.stack.length - 1; j > i; j--) this.close(this.stack[j]!, lineStart, this.lineNo, true);
      this.stack.length = i + 1;
      if (closing) entity.epilogue = true;
      else {
        const child = new Entity(lineEnd, entity.depth + 1, false, entity.part?.subtype === 'digest');
        entity.children.push(child);
        this.stack.push(child);
        this.parts++;
      }
      return true;
    }
    return false;
  }

  private startField(entity: Entity, name: string, value: Buffer): void {
    this.finishField(entity);
    if (!CONTENT_FIELDS.has(name) && !(entity.isMessage && ENVELOPE_FIELDS.has(name))) return;
    const earlier = entity.fields.get(name);
    if (earlier && !ADDRESS_LIST_FIELDS.has(name)) return; // the first occurrence wins
    // A repeated To:/Cc:/Bcc: (RFC 5322 §3.6 allows one, mailers write several) adds its addresses.
    const pieces = earlier ? [...earlier, Buffer.from(', ')] : [];
    entity.field = { name, pieces, size: pieces.reduce((sum, piece) => sum + piece.length, 0) };
    this.appendField(entity, value);
  }

  private appendField(entity: Entity, piece: Buffer): void {
    const field = entity.field!;
    const room = FIELD_KEEP - field.size;
    if (room <= 0) return;
    const kept = Buffer.from(piece.subarray(0, room));
    field.pieces.push(kept);
    field.size += kept.length;
  }

  private finishField(entity: Entity): void {
    if (entity.field) entity.fields.set(entity.field.name, entity.field.pieces);
    entity.field = null;
  }

  /**
   * The header of `entity` ends; its body starts at `bodyStart` with line
   * number `bodyFirstLine`. With `open`, a multipart starts looking for its
   * boundary and a message/rfc822 pushes its encapsulated message.
   */
  private endHeader(entity: Entity, bodyStart: number, bodyFirstLine: number, open: boolean): void {
    this.finishField(entity);
    entity.inHeader = false;
    entity.bodyStart = bodyStart;
    entity.bodyFirstLine = bodyFirstLine;
    const fields = new Map<string, string>();
    for (const [name, pieces] of entity.fields) fields.set(name, decodeText(pieces));
    entity.fields.clear();
    entity.part = this.contentInfo(entity, fields);
    if (entity.isMessage) {
      entity.envelope = buildEnvelope(fields);
      entity.headers = buildSearchHeaders(fields);
    }
    const { type, subtype, params, encoding } = entity.part;
    const container = type === 'multipart' || (type === 'message' && subtype === 'rfc822' && IDENTITY_ENCODINGS.has(encoding));
    if (container && entity.depth >= MAX_MIME_DEPTH) {
      entity.defects.push('nested-too-deep');
      entity.part = { ...entity.part, type: 'text', subtype: 'plain', params: {} };
    } else if (type === 'multipart') {
      entity.kind = 'multipart';
      const boundary = params.boundary;
      if (!boundary) entity.defects.push('multipart-without-boundary');
      else entity.boundary = Buffer.from(boundary, 'utf8');
    } else if (type === 'message' && subtype === 'rfc822') {
      if (!IDENTITY_ENCODINGS.has(encoding)) entity.defects.push('encoded-message-rfc822');
      else {
        entity.kind = 'message';
        entity.inner = new Entity(bodyStart, entity.depth + 1, true, false);
        if (open) this.stack.push(entity.inner);
      }
    }
  }

  private contentInfo(entity: Entity, fields: Map<string, string>): NonNullable<Entity['part']> {
    let type = 'text';
    let subtype = 'plain';
    let params: ContentParams = { charset: 'us-ascii' };
    const contentType = fields.get('content-type');
    if (entity.inDigest && contentType === undefined) {
      type = 'message';
      subtype = 'rfc822';
      params = {};
    } else if (contentType !== undefined) {
      const parsed = parseParams(contentType);
      params = parsed.params;
      const [t, s, ...extra] = parsed.value.split('/').map((x) => x.trim());
      if (t && s && !extra.length && TOKEN.test(t) && TOKEN.test(s)) {
        type = t.toLowerCase();
        subtype = s.toLowerCase();
      } else entity.defects.push('invalid-content-type');
    }
    const dispositionValue = fields.get('content-disposition');
    let disposition: BodyPart['disposition'] = null;
    if (dispositionValue) {
      const parsed = parseParams(dispositionValue);
      if (parsed.value) disposition = { type: parsed.value.toLowerCase(), params: parsed.params };
    }
    const language = (fields.get('content-language') ?? '')
      .split(/[,\s]+/)
      .map((l) => l.trim())
      .filter(Boolean);
    return {
      type,
      subtype,
      params,
      id: nonEmpty(fields.get('content-id')),
      description: nonEmpty(fields.get('content-description')),
      encoding: (fields.get('content-transfer-encoding') || '7bit').toUpperCase(),
      md5: nonEmpty(fields.get('content-md5')),
      disposition,
      language: language.length ? language : null,
      location: nonEmpty(fields.get('content-location')),
    };
  }

  /**
   * Closes `entity`. At a boundary line (`atBoundary`) starting at `at`, the
   * line break before it belongs to the boundary; at the end of input the
   * entity runs to `at`.
   */
  private close(entity: Entity, at: number, lineNo: number, atBoundary: boolean): void {
    let end = atBoundary ? at - this.prevTerm : at;
    if (entity.inHeader) {
      entity.defects.push(atBoundary ? 'header-cut-by-boundary' : 'header-cut-by-end');
      end = Math.max(end, entity.headerStart);
      this.endHeader(entity, end, lineNo, false);
      if (entity.inner) this.closeEmpty(entity.inner, end);
    }
    entity.end = Math.max(end, entity.bodyStart);
    let lines = lineNo - entity.bodyFirstLine;
    if (atBoundary && this.prevEmpty && lineNo - 1 >= entity.bodyFirstLine) lines--;
    entity.lines = entity.end === entity.bodyStart ? 0 : Math.max(0, lines);
  }

  private closeEmpty(entity: Entity, at: number): void {
    this.endHeader(entity, at, 0, false);
    entity.end = at;
    entity.lines = 0;
  }

  private describe(entity: Entity): BodyPart {
    const part: BodyPart = {
      ...entity.part!,
      headerStart: entity.headerStart,
      bodyStart: entity.bodyStart,
      end: entity.end,
      size: entity.end - entity.bodyStart,
      lines: entity.lines,
    };
    if (entity.kind === 'multipart') {
      part.children = entity.children.map((c) => this.describe(c));
      if (entity.boundary && !entity.children.length) entity.defects.push('multipart-without-parts');
    }
    if (entity.kind === 'message' && entity.inner) {
      part.message = { envelope: entity.inner.envelope ?? buildEnvelope(new Map()), body: this.describe(entity.inner) };
    }
    if (entity.defects.length) part.defects = entity.defects;
    return part;
  }
}

/** Parses a whole stream (for tests and re-indexing; storeBlob parses while writing). */
export async function parseMimeStructure(input: Readable | AsyncIterable<Buffer | string>): Promise<MessageStructure> {
  const parser = new MimeStructureParser();
  for await (const chunk of input) parser.write(chunk as Buffer | string);
  return parser.end();
}

export function parseMimeBuffer(input: Buffer | string): MessageStructure {
  const parser = new MimeStructureParser();
  parser.write(input);
  return parser.end();
}

/**
 * The entity an IMAP section part number names (RFC 3501 6.4.5), e.g. [1, 2]
 * for "1.2"; undefined when there is none. [] is the message itself.
 *
 * For the returned entity: BODY[n] is [bodyStart, end); BODY[n.MIME] is
 * [headerStart, bodyStart). When it is a message/rfc822 part, BODY[n.HEADER]
 * and BODY[n.TEXT] are the header and body of `part.message.body`. A
 * non-multipart message has its body as part 1.
 */
export function findPart(root: BodyPart, path: readonly number[]): BodyPart | undefined {
  let entity = root;
  let atMessage = true; // entity is a message's top-level entity, not yet a numbered part
  for (const n of path) {
    if (!atMessage && entity.message) {
      entity = entity.message.body;
      atMessage = true;
    }
    if (entity.children) {
      const child = entity.children[n - 1];
      if (!child) return undefined;
      entity = child;
      atMessage = false;
    } else if (atMessage && n === 1) {
      atMessage = false;
    } else return undefined;
  }
  return entity;
}
