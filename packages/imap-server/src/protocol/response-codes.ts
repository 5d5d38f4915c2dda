/**
 * Response codes: the bracketed part of a status response,
 * `a1 OK [UIDVALIDITY 3857529045] ...` (RFC 3501 §7.1, RFC 5530, RFC 4315,
 * RFC 7162, RFC 6154, RFC 9051 §7.1).
 */
import { compactSequenceSet } from './sequence-set.ts';

/** Codes without arguments. */
export type SimpleResponseCode =
  | 'ALERT'
  | 'PARSE'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'TRYCREATE'
  | 'UIDNOTSTICKY'
  | 'NOMODSEQ'
  | 'CLOSED'
  | 'PRIVACYREQUIRED'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'EXPIRED'
  | 'UNAVAILABLE'
  | 'CONTACTADMIN'
  | 'NOPERM'
  | 'INUSE'
  | 'EXPUNGEISSUED'
  | 'CORRUPTION'
  | 'SERVERBUG'
  | 'CLIENTBUG'
  | 'CANNOT'
  | 'LIMIT'
  | 'OVERQUOTA'
  | 'ALREADYEXISTS'
  | 'NONEXISTENT'
  | 'NOTSAVED'
  | 'HASCHILDREN'
  | 'TOOBIG'
  | 'UNKNOWN-CTE'
  | 'USEATTR';

export type ResponseCode =
  | SimpleResponseCode
  | { code: 'UIDVALIDITY'; uidValidity: number }
  | { code: 'UIDNEXT'; uidNext: number }
  | { code: 'UNSEEN'; seq: number }
  | { code: 'HIGHESTMODSEQ'; modseq: bigint | number }
  | { code: 'PERMANENTFLAGS'; flags: readonly string[] }
  | { code: 'CAPABILITY'; capabilities: readonly string[] }
  | { code: 'BADCHARSET'; charsets?: readonly string[] }
  /** RFC 4315; `uids` in the order the messages were appended. */
  | { code: 'APPENDUID'; uidValidity: number; uids: readonly number[] }
  /** RFC 4315; `sourceUids[i]` became `destinationUids[i]`. */
  | { code: 'COPYUID'; uidValidity: number; sourceUids: readonly number[]; destinationUids: readonly number[] }
  /** RFC 7162: messages that failed UNCHANGEDSINCE (a set string, UIDs or sequence numbers). */
  | { code: 'MODIFIED'; set: string }
  | { code: 'APPENDLIMIT'; limit: number };

const ATOM_LIKE = /^[\x21-\x7e]+$/;

function atomList(items: readonly string[]): string {
  for (const item of items) {
    if (!ATOM_LIKE.test(item) || /[()"{]/.test(item)) throw new TypeError(`Not an atom: ${JSON.stringify(item)}`);
  }
  return items.join(' ');
}

/** The text between the brackets, e.g. `COPYUID 38505 304,319:320 3956:3958`. */
export function formatResponseCode(code: ResponseCode): string {
  if (typeof code === 'string') return code;
  switch (code.code) {
    case 'UIDVALIDITY':
      return `UIDVALIDITY ${code.uidValidity}`;
    case 'UIDNEXT':
      return `UIDNEXT ${code.uidNext}`;
    case 'UNSEEN':
      return `UNSEEN ${code.seq}`;
    case 'HIGHESTMODSEQ':
      return `HIGHESTMODSEQ ${code.modseq}`;
    case 'PERMANENTFLAGS':
      return `PERMANENTFLAGS (${atomList(code.flags)})`;
    case 'CAPABILITY':
      return `CAPABILITY ${atomList(code.capabilities)}`;
    case 'BADCHARSET':
      return code.charsets && code.charsets.length > 0 ? `BADCHARSET (${atomList(code.charsets)})` : 'BADCHARSET';
    case 'APPENDUID':
      return `APPENDUID ${code.uidValidity} ${compactSequenceSet(code.uids, { keepOrder: true })}`;
    case 'COPYUID':
      return (
        `COPYUID ${code.uidValidity} ${compactSequenceSet(code.sourceUids, { keepOrder: true })} ` +
        compactSequenceSet(code.destinationUids, { keepOrder: true })
      );
    case 'MODIFIED':
      return `MODIFIED ${code.set}`;
    case 'APPENDLIMIT':
      return `APPENDLIMIT ${code.limit}`;
  }
}
