/**
 * The CAPABILITY list. Extensions are the same in every state; what
 * changes is the way in: STARTTLS until TLS is on, the AUTH= mechanisms
 * when a password may be sent (TLS, or loopback when allowed), else
 * LOGINDISABLED (RFC 3501 §6.2.3, §7.2.1).
 */

/** Every extension this server implements (docs/imap.md has the RFCs). */
export const EXTENSIONS = [
  'IMAP4rev1',
  'LITERAL+',
  'SASL-IR',
  'ID',
  'ENABLE',
  'IDLE',
  'NAMESPACE',
  'UIDPLUS',
  'MOVE',
  'SPECIAL-USE',
  'CREATE-SPECIAL-USE',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'CHILDREN',
  'UNSELECT',
  'CONDSTORE',
  'QRESYNC',
  'QUOTA',
  'STATUS=SIZE',
  'ESEARCH',
  'SORT',
  'SORT=DISPLAY',
  'THREAD=ORDEREDSUBJECT',
  'THREAD=REFERENCES',
  'UTF8=ACCEPT',
] as const;

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
