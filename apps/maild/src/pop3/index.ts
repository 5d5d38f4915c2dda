import type { Listener, RoleContext } from '../role-context.ts';

/** Starts the POP3 listeners (POP3_PORT with STLS, POP3S_PORT implicit TLS). */
export async function startPop3(_context: RoleContext): Promise<Listener[]> {
  return [];
}
