/**
 * IDLE (RFC 2177): `+ idling`, then every change to the selected mailbox
 * is pushed as it happens (the storage's watch wakes the session, from
 * any maild instance), until the client sends DONE.
 */
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { encodeContinuation } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { syncSelected } from '../server/updates.ts';
import { bad, ok } from './results.ts';

export const idle: CommandHandler<'IDLE', Session> = async (_args, { session }) => {
  const { io } = session;
  if (session.selected) await syncSelected(session, { expunges: true });
  await io.send(encodeContinuation('idling'));
  await io.flush();
  session.idling = true;
  try {
    return await waitForDone(session);
  } finally {
    session.idling = false;
  }
};

async function waitForDone(session: Session): Promise<Completion> {
  const { io } = session;
  for (;;) {
    const line = io.takeLine();
    if (line) {
      if (line.kind === 'line' && line.text.trim().toUpperCase() === 'DONE') return ok('IDLE terminated');
      return bad(line.kind === 'line' ? 'Expected DONE to end IDLE' : line.message);
    }
    if (io.ending) return ok('IDLE terminated by the server');
    if (session.selected?.dirty) {
      await syncSelected(session, { expunges: true });
      await io.flush();
      if (session.state === 'logout') return ok('IDLE terminated');
      continue;
    }
    await io.waitForInput();
  }
}
