/**
 * SASL for AUTH (RFC 5034): base64 as POP3 carries it, and the two
 * mechanisms offered, PLAIN (RFC 4616) and LOGIN (the de-facto
 * username/password exchange every client knows).
 */

export const SASL_MECHANISMS = ['PLAIN', 'LOGIN'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export function isSaslMechanism(name: string): name is SaslMechanism {
  return (SASL_MECHANISMS as readonly string[]).includes(name);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 → octets; undefined when not base64. `=` alone is an empty response (RFC 5034 §4). */
export function decodeBase64(text: string): Buffer | undefined {
  if (text === '=') return Buffer.alloc(0);
  if (!BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export type PlainCredentials = { authzid: string; username: string; password: string };

/** RFC 4616: `[authzid] NUL authcid NUL passwd`, UTF-8. */
export function parsePlainResponse(octets: Buffer): PlainCredentials | { error: string } {
  const parts = octets.toString('utf8').split('\0');
  if (parts.length !== 3) return { error: 'PLAIN response must be authzid NUL user NUL password' };
  const [authzid, username, password] = parts as [string, string, string];
  if (!username || !password) return { error: 'PLAIN response has an empty user name or password' };
  return { authzid, username, password };
}

/** The LOGIN mechanism's prompts. */
export const LOGIN_PROMPTS = { username: encodeBase64('Username:'), password: encodeBase64('Password:') } as const;
