/** CHECK (RFC 3501 §6.4.1): every change is durable already; reports updates like NOOP. */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const check: CommandHandler<'CHECK', Session> = () => ok('CHECK completed');
