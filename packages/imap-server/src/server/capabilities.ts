/**
 * The CAPABILITY list, derived from the command table (WildDuck's model):
 * every command record declares the capabilities it implements, so what
 * is advertised and what is dispatched cannot drift apart. Extensions
 * are the same in every state; what changes is the way in: STARTTLS
 * until TLS is on, the AUTH= mechanisms when a password may be sent (TLS,
 * or loopback when allowed), else LOGINDISABLED (RFC 3501 §6.2.3, §7.2.1).
 */
import { COMMANDS } from '../protocol/commands.ts';
import { PARSER_CAPABILITIES } from '../protocol/parser.ts';

/** Offered by connection state, not as an extension of every session. */
const BY_STATE = new Set(['STARTTLS']);

function declaredExtensions(): string[] {
  const list: string[] = [];
  const add = (name: string) => {
    if (!BY_STATE.has(name) && !list.includes(name)) list.push(name);
  };
  // IMAP4rev1 (the CAPABILITY record's) first, as RFC 3501 §7.2.1 wants.
  for (const name of COMMANDS.CAPABILITY.capabilities ?? []) add(name);
  for (const name of PARSER_CAPABILITIES) add(name);
  for (const spec of Object.values(COMMANDS)) for (const name of spec.capabilities ?? []) add(name);
  return list;
}

/** Every extension this server implements (docs/imap.md has the RFCs). */
export const EXTENSIONS: readonly string[] = declaredExtensions();

export const SASL_MECHANISMS = ['PLAIN', 'LOGIN'] as const;

export interface CapabilityState {
  authenticated: boolean;
  /** TLS is on. */
  secure: boolean;
  /** STARTTLS can be offered (a certificate is configured). */
  tlsAvailable: boolean;
  /** Passwords may be sent now (TLS, or allowed plaintext on loopback). */
  loginAllowed: boolean;
}

export function capabilities(state: CapabilityState): string[] {
  const list: string[] = [...EXTENSIONS];
  if (state.authenticated) return list;
  if (!state.secure && state.tlsAvailable) list.push('STARTTLS');
  if (state.loginAllowed) list.push(...SASL_MECHANISMS.map((m) => `AUTH=${m}`));
  else list.push('LOGINDISABLED');
  return list;
}
