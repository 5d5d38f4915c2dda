/**
 * The store's MIME description (StoredPart: fields and offsets) → the
 * BodyStructure the encoder writes as BODY / BODYSTRUCTURE.
 */
import type { BodyParams, BodyStructure } from '../protocol/body-structure.ts';
import type { StoredPart } from '../storage.ts';

function params(record: Record<string, string>): BodyParams {
  return Object.entries(record);
}

/** A multipart in which no part was found is written with one empty text/plain part (as Dovecot does). */
const EMPTY_PART: BodyStructure = {
  kind: 'part',
  type: 'text',
  subtype: 'plain',
  params: [['charset', 'us-ascii']],
  id: null,
  description: null,
  encoding: '7BIT',
  size: 0,
  lines: 0,
};

export function toBodyStructure(part: StoredPart): BodyStructure {
  const extension = {
    disposition: part.disposition ? { type: part.disposition.type, params: params(part.disposition.params) } : null,
    language: part.language,
    location: part.location,
  };
  if (part.type === 'multipart' || part.children !== undefined) {
    const children = part.children && part.children.length > 0 ? part.children.map(toBodyStructure) : [EMPTY_PART];
    return { kind: 'multipart', subtype: part.subtype, children, params: params(part.params), ...extension };
  }
  const single: BodyStructure = {
    kind: 'part',
    type: part.type,
    subtype: part.subtype,
    params: params(part.params),
    id: part.id,
    description: part.description,
    encoding: part.encoding,
    size: part.size,
    lines: part.lines,
    md5: part.md5,
    ...extension,
  };
  if (part.message) single.message = { envelope: part.message.envelope, body: toBodyStructure(part.message.body) };
  return single;
}
