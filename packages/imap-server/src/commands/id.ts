/** ID (RFC 2971): logs what the client says about itself, answers with our name. */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const id: CommandHandler<'ID', Session> = async ({ params }, { session }) => {
  if (params) {
    session.clientId = Object.fromEntries(params.map(([field, value]) => [field.toLowerCase(), value]));
    session.log.debug({ client: session.client.address, id: session.clientId }, 'IMAP client ID');
  }
  await session.send([atom('ID'), ['name', 'Kontor', 'vendor', 'Kontor']]);
  return ok('ID completed');
};
