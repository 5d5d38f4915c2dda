/**
 * AUTHENTICATE (RFC 3501 §6.2.2) with PLAIN (RFC 4616) and LOGIN, and
 * SASL-IR (RFC 4959): the initial response may come with the command.
 * The client answers each `+` challenge with one base64 line; `*` cancels.
 */
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { encodeContinuation } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { logIn, PRIVACY_REQUIRED } from './login.ts';
import { bad, no } from './results.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

type Answer = { ok: true; value: Buffer } | { ok: false; completion: Completion };

/** Sends a challenge, reads the client's base64 answer. */
async function challenge(session: Session, text: string): Promise<Answer> {
  await session.io.send(encodeContinuation(Buffer.from(text).toString('base64')));
  await session.io.flush();
  const line = await session.io.readLine();
  if (!line) return { ok: false, completion: bad('Connection ended during AUTHENTICATE') };
  if (line.kind !== 'line') return { ok: false, completion: bad(line.kind === 'bad' ? line.message : 'AUTHENTICATE aborted') };
  return decode(line.text.trim());
}

function decode(text: string): Answer {
  if (text === '*') return { ok: false, completion: bad('AUTHENTICATE cancelled') };
  if (!BASE64.test(text)) return { ok: false, completion: bad('Invalid base64 in AUTHENTICATE') };
  return { ok: true, value: Buffer.from(text, 'base64') };
}

export const authenticate: CommandHandler<'AUTHENTICATE', Session> = async ({ mechanism, initialResponse }, { session }) => {
  if (mechanism !== 'PLAIN' && mechanism !== 'LOGIN') return no(`Unsupported authentication mechanism ${mechanism}`, 'CANNOT');
  if (!session.loginAllowed) return PRIVACY_REQUIRED;

  if (mechanism === 'PLAIN') {
    const answer = initialResponse !== undefined ? decode(initialResponse) : await challenge(session, '');
    if (!answer.ok) return answer.completion;
    const [authzid, authcid, password, ...rest] = answer.value.toString('utf8').split('\0');
    if (authcid === undefined || password === undefined || rest.length > 0) return bad('Malformed PLAIN response');
    if (authzid && authzid !== authcid) return no('Logging in as another user is not allowed', 'AUTHORIZATIONFAILED');
    return logIn(session, authcid, password);
  }

  const user = initialResponse !== undefined ? decode(initialResponse) : await challenge(session, 'Username:');
  if (!user.ok) return user.completion;
  const password = await challenge(session, 'Password:');
  if (!password.ok) return password.completion;
  return logIn(session, user.value.toString('utf8'), password.value.toString('utf8'));
};
