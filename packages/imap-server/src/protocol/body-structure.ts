/**
 * BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, §9 `body`): the MIME tree the
 * store produces for a message, and its wire form.
 *
 *   basic:          (type subtype (params) id description encoding size [ext])
 *   text/*:         (... size lines [ext])
 *   message/rfc822: (... size (envelope) (body) lines [ext])
 *   multipart:      ((part)(part) subtype [ext])
 *
 * BODY never carries extension data; BODYSTRUCTURE carries it up to the
 * last field that is set (trailing NILs are left out, which the grammar
 * allows and which is how RFC 3501's own examples read).
 */
import { joined, type WireValue } from './encoder.ts';
import { type Envelope, envelopeValue } from './envelope.ts';

/** Content-Type / Content-Disposition parameters in header order, decoded (RFC 2231). */
export type BodyParams = ReadonlyArray<readonly [name: string, value: string]>;

export interface BodyDisposition {
  /** `inline`, `attachment` ... */
  type: string;
  params: BodyParams;
}

/** Extension data common to leaf and multipart parts (BODYSTRUCTURE only). */
interface BodyExtension {
  disposition?: BodyDisposition | null;
  /** Content-Language tags. */
  language?: readonly string[] | null;
  /** Content-Location URI. */
  location?: string | null;
}

/** A leaf part (anything but multipart/*). */
export interface SinglePart extends BodyExtension {
  kind: 'part';
  /** Media type and subtype as the header gave them (`TEXT`, `PLAIN` or `text`, `plain`). */
  type: string;
  subtype: string;
  params: BodyParams;
  /** Content-ID. */
  id: string | null;
  /** Content-Description. */
  description: string | null;
  /** Content-Transfer-Encoding (`7BIT` when absent). */
  encoding: string;
  /** Size of the body in octets, in its transfer encoding. */
  size: number;
  /** Lines of the body: required for text/* and message/rfc822. */
  lines?: number;
  /** message/rfc822 (and message/global): the inner message. */
  message?: { envelope: Envelope; body: BodyStructure };
  /** Content-MD5. */
  md5?: string | null;
}

export interface MultipartBody extends BodyExtension {
  kind: 'multipart';
  /** `MIXED`, `alternative` ... */
  subtype: string;
  children: BodyStructure[];
  /** Content-Type parameters (boundary ...). */
  params: BodyParams;
}

export type BodyStructure = SinglePart | MultipartBody;

function paramsValue(params: BodyParams): WireValue {
  if (params.length === 0) return null;
  return params.flat();
}

function dispositionValue(disposition: BodyDisposition | null | undefined): WireValue {
  return disposition ? [disposition.type, paramsValue(disposition.params)] : null;
}

function languageValue(language: readonly string[] | null | undefined): WireValue {
  if (!language || language.length === 0) return null;
  return language.length === 1 ? language[0]! : [...language];
}

/** Drops trailing NILs so the extension stops at its last present field. */
function trimTrailingNil(values: WireValue[]): WireValue[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return values.slice(0, end);
}

/** `extended`: BODYSTRUCTURE (true) or BODY (false). */
export function bodyStructureValue(body: BodyStructure, extended: boolean): WireValue {
  if (body.kind === 'multipart') {
    const children = body.children.map((child) => bodyStructureValue(child, extended));
    const fields: WireValue[] = [joined(...children), body.subtype];
    if (extended) {
      fields.push(...trimTrailingNil([paramsValue(body.params), dispositionValue(body.disposition), languageValue(body.language), body.location ?? null]));
    }
    return fields;
  }

  const fields: WireValue[] = [body.type, body.subtype, paramsValue(body.params), body.id, body.description, body.encoding, body.size];
  const type = body.type.toLowerCase();
  const subtype = body.subtype.toLowerCase();
  if (type === 'message' && (subtype === 'rfc822' || subtype === 'global') && body.message) {
    fields.push(envelopeValue(body.message.envelope), bodyStructureValue(body.message.body, extended), body.lines ?? 0);
  } else if (type === 'text') {
    fields.push(body.lines ?? 0);
  }
  if (extended) {
    fields.push(...trimTrailingNil([body.md5 ?? null, dispositionValue(body.disposition), languageValue(body.language), body.location ?? null]));
  }
  return fields;
}
