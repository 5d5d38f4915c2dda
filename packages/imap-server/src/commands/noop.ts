/** NOOP (RFC 3501 §6.1.2): does nothing; the updates are sent after it (server/updates.ts). */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const noop: CommandHandler<'NOOP', Session> = () => ok('NOOP completed');
