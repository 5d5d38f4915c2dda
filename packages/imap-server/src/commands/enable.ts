/**
 * ENABLE (RFC 5161): CONDSTORE, QRESYNC (implies CONDSTORE, RFC 7162) and
 * UTF8=ACCEPT (RFC 6855). Unknown names are ignored, as the RFC says;
 * `* ENABLED` lists what was newly turned on.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

const ENABLEABLE = new Set(['CONDSTORE', 'QRESYNC', 'UTF8=ACCEPT']);

export const enable: CommandHandler<'ENABLE', Session> = async ({ capabilities }, { session }) => {
  const turnedOn: string[] = [];
  for (const name of capabilities) {
    if (!ENABLEABLE.has(name) || session.enabled.has(name)) continue;
    session.enabled.add(name);
    turnedOn.push(name);
    if (name === 'QRESYNC' && !session.enabled.has('CONDSTORE')) {
      session.enabled.add('CONDSTORE');
      if (!capabilities.includes('CONDSTORE')) turnedOn.push('CONDSTORE');
    }
  }
  await session.send([atom('ENABLED'), ...turnedOn.map(atom)]);
  return ok('ENABLE completed');
};
