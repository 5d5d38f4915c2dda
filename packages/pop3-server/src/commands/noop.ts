import { ok, type Reply } from '../protocol/replies.ts';

/** NOOP (RFC 1939 §5). */
export function noop(): Reply {
  return ok('');
}
