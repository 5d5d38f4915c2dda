import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandName } from './commands.ts';
import { type CommandHandlers, Dispatcher, type DispatchSession } from './dispatcher.ts';
import { parseCommandLine } from './parser.ts';
import { encodeStatus, ok } from './replies.ts';

type Context = { session: DispatchSession; calls: string[] };

/** Every handler records its call; STAT throws, to show what a failing handler turns into. */
const handlers = Object.fromEntries(
  (['USER', 'PASS', 'AUTH', 'STLS', 'CAPA', 'QUIT', 'STAT', 'LIST', 'RETR', 'DELE', 'NOOP', 'RSET', 'TOP', 'UIDL'] as CommandName[]).map((name) => [
    name,
    (args: unknown, context: Context) => {
      context.calls.push(`${name} ${JSON.stringify(args)}`);
      if (name === 'STAT') throw new Error('database down');
      return ok('done');
    },
  ]),
) as unknown as CommandHandlers<Context>;

describe('Dispatcher', () => {
  const errors: string[] = [];
  const dispatcher = new Dispatcher<Context>(handlers, (error, command) => errors.push(`${command}: ${(error as Error).message}`));
  const run = async (line: string, session: DispatchSession) => {
    const context = { session, calls: [] as string[] };
    const reply = await dispatcher.dispatch(parseCommandLine(Buffer.from(line)), context);
    return { line: encodeStatus(reply).toString().trimEnd(), calls: context.calls };
  };
  const transaction: DispatchSession = { state: 'transaction', maildropIndex: { count: 2, isDeleted: () => false } };

  it('runs the handler with typed arguments', async () => {
    assert.deepEqual(await run('RETR 2', transaction), { line: '+OK done', calls: ['RETR {"message":{"number":2,"index":1}}'] });
  });

  it('runs no handler for a command refused by the table', async () => {
    assert.deepEqual(await run('RETR 3', transaction), { line: '-ERR RETR: No such message: 3 (messages are 1 to 2)', calls: [] });
    assert.deepEqual(await run('RETR 1', { state: 'authorization' }), { line: '-ERR RETR is only valid after login', calls: [] });
  });

  it('turns a failing handler into -ERR [SYS/TEMP] and reports it', async () => {
    assert.equal((await run('STAT', transaction)).line, '-ERR [SYS/TEMP] STAT failed: internal error, try again later');
    assert.deepEqual(errors, ['STAT: database down']);
  });
});
