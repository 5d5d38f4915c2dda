/**
 * AUTH (RFC 5034) with PLAIN (RFC 4616) and LOGIN, with or without an
 * initial response. `*` cancels. `AUTH` alone lists the mechanisms, as
 * older clients expect.
 */
import { err, ok, type Reply } from '../protocol/replies.ts';
import { decodeBase64, isSaslMechanism, LOGIN_PROMPTS, parsePlainResponse, SASL_MECHANISMS } from '../protocol/sasl.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { login } from './login.ts';

type AuthArgs = { mechanism?: string; initialResponse?: string };

/** A client response line → octets, or the reply that ends the exchange. */
async function response<U extends Pop3User>(context: CommandContext<U>, challenge: string, given?: string): Promise<Buffer | Reply> {
  const line = given ?? (await context.exchange(challenge));
  if (line === null) return err('Connection closed');
  if (line === '*') return err('AUTH cancelled');
  const octets = decodeBase64(line.trim());
  if (!octets) return err('AUTH failed: the response is not valid base64', 'AUTH');
  return octets;
}

export async function auth<U extends Pop3User>({ mechanism, initialResponse }: AuthArgs, context: CommandContext<U>): Promise<Reply> {
  context.session.pendingUser = undefined;
  if (mechanism === undefined) return ok('Supported mechanisms follow', { body: { kind: 'lines', lines: [...SASL_MECHANISMS] } });
  if (!isSaslMechanism(mechanism)) return err(`Unsupported mechanism ${mechanism}: use ${SASL_MECHANISMS.join(' or ')}`);

  if (mechanism === 'PLAIN') {
    const octets = await response(context, '', initialResponse);
    if (!Buffer.isBuffer(octets)) return octets;
    const credentials = parsePlainResponse(octets);
    if ('error' in credentials) return err(`AUTH failed: ${credentials.error}`, 'AUTH');
    if (credentials.authzid && credentials.authzid !== credentials.username) {
      return err('AUTH failed: acting as another user is not supported (authorization identity must be empty)', 'AUTH');
    }
    return login(context, credentials.username, credentials.password);
  }

  const username = await response(context, LOGIN_PROMPTS.username, initialResponse);
  if (!Buffer.isBuffer(username)) return username;
  const password = await response(context, LOGIN_PROMPTS.password);
  if (!Buffer.isBuffer(password)) return password;
  if (username.length === 0 || password.length === 0) return err('AUTH failed: empty user name or password', 'AUTH');
  return login(context, username.toString('utf8'), password.toString('utf8'));
}
