import type { Listener, RoleContext } from '../role-context.ts';

/** Starts the IMAP listeners (IMAP_PORT with STARTTLS, IMAPS_PORT implicit TLS). */
export async function startImap(_context: RoleContext): Promise<Listener[]> {
  return [];
}
