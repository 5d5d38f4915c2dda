import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandName, SessionState } from './commands.ts';
import { type CommandHandlers, Dispatcher, type DispatchSession, literalRejection } from './dispatcher.ts';
import { CommandParser } from './parser.ts';
import type { ParsedCommand } from './values.ts';

/** A fake session: records what handlers did, no storage. */
class FakeSession implements DispatchSession {
  state: SessionState = 'not-authenticated';
  enabled = new Set<string>();
  tls = false;
  log: string[] = [];
  untagged: string[] = [];
  isAvailable(command: CommandName): boolean {
    return !(command === 'STARTTLS' && this.tls);
  }
}

/** The tiny handler set that proves dispatch: each records its call and changes state like the real one would. */
const handlers: CommandHandlers<FakeSession> = {
  NOOP: (_args, { session }) => {
    session.log.push('NOOP');
    return { status: 'OK', text: 'NOOP completed' };
  },
  LOGIN: ({ username, password }, { session }) => {
    session.log.push(`LOGIN ${username}`);
    if (password !== 'secret') return { status: 'NO', code: 'AUTHENTICATIONFAILED', text: 'Invalid credentials' };
    session.state = 'authenticated';
    return { status: 'OK', text: 'LOGIN completed' };
  },
  SELECT: ({ mailbox, condstore }, { session }) => {
    session.log.push(`SELECT ${mailbox}${condstore ? ' CONDSTORE' : ''}`);
    session.untagged.push('* 0 EXISTS');
    session.state = 'selected';
    return { status: 'OK', code: 'READ-WRITE', text: 'SELECT completed' };
  },
  FETCH: ({ attributes, uid }, { session, command }) => {
    session.log.push(`${command} ${uid} ${attributes.length}`);
    return { status: 'OK', text: 'FETCH completed' };
  },
  'UID FETCH': ({ uid }, { session, command }) => {
    session.log.push(`${command} ${uid}`);
    return { status: 'OK', text: 'UID FETCH completed' };
  },
  STARTTLS: (_args, { session }) => {
    session.tls = true;
    return { status: 'OK', text: 'Begin TLS negotiation now' };
  },
  EXPUNGE: async () => {
    throw new Error('database is down');
  },
};

function parse(line: string): ParsedCommand {
  const [event] = new CommandParser().feed(Buffer.from(`${line}\r\n`));
  if (event?.kind !== 'command') throw new Error(`not parsed: ${JSON.stringify(event)}`);
  return event.command;
}

describe('Dispatcher', () => {
  it('runs handlers with typed arguments and returns their completion', async () => {
    const session = new FakeSession();
    const dispatcher = new Dispatcher(handlers);
    assert.deepEqual(await dispatcher.dispatch(parse('a1 LOGIN bob secret'), session), {
      tag: 'a1',
      command: 'LOGIN',
      completion: { status: 'OK', text: 'LOGIN completed' },
    });
    const select = await dispatcher.dispatch(parse('a2 SELECT inbox (CONDSTORE)'), session);
    assert.deepEqual(select.completion, { status: 'OK', code: 'READ-WRITE', text: 'SELECT completed' });
    await dispatcher.dispatch(parse('a3 FETCH 1:* FAST'), session);
    await dispatcher.dispatch(parse('a4 UID FETCH 1:* FLAGS'), session);
    assert.deepEqual(session.log, ['LOGIN bob', 'SELECT INBOX CONDSTORE', 'FETCH false 3', 'UID FETCH true']);
    assert.deepEqual(session.untagged, ['* 0 EXISTS']);
  });

  it('passes a handler NO through', async () => {
    const result = await new Dispatcher(handlers).dispatch(parse('a LOGIN bob wrong'), new FakeSession());
    assert.deepEqual(result.completion, { status: 'NO', code: 'AUTHENTICATIONFAILED', text: 'Invalid credentials' });
  });

  it('rejects unknown commands before any handler', async () => {
    const session = new FakeSession();
    const result = await new Dispatcher(handlers).dispatch(parse('A044 BLURDYBLOOP'), session);
    assert.deepEqual(result, { tag: 'A044', completion: { status: 'BAD', text: 'Unknown command: BLURDYBLOOP' } });
    assert.deepEqual(session.log, []);
  });

  it('rejects commands in the wrong state, with the reason', async () => {
    const dispatcher = new Dispatcher(handlers);
    const session = new FakeSession();
    const text = async (line: string) => (await dispatcher.dispatch(parse(line), session)).completion;

    assert.deepEqual(await text('a SELECT INBOX'), { status: 'BAD', text: 'SELECT needs authentication first' });
    assert.deepEqual(await text('a FETCH 1 FLAGS'), { status: 'BAD', text: 'FETCH needs authentication first' });
    session.state = 'authenticated';
    assert.deepEqual(await text('a FETCH 1 FLAGS'), { status: 'BAD', text: 'FETCH needs a selected mailbox' });
    assert.deepEqual(await text('a LOGIN bob secret'), { status: 'BAD', text: 'LOGIN is not allowed after authentication' });
    session.state = 'selected';
    assert.deepEqual(await text('a ENABLE CONDSTORE'), { status: 'BAD', text: 'ENABLE is not allowed while a mailbox is selected' });
    assert.deepEqual(await text('a STARTTLS'), { status: 'BAD', text: 'STARTTLS is not allowed after authentication' });
    session.state = 'logout';
    assert.deepEqual(await text('a NOOP'), { status: 'BAD', text: 'Connection is logging out' });
    assert.deepEqual(session.log, []);
  });

  it('rejects bad arguments with the schema message, before the handler', async () => {
    const session = new FakeSession();
    session.state = 'selected';
    const dispatcher = new Dispatcher(handlers);
    const result = await dispatcher.dispatch(parse('a FETCH 1 (FLAGS BODY[MIME])'), session);
    assert.deepEqual(result.completion, { status: 'BAD', text: 'FETCH: MIME needs a part number: [1.MIME]' });
    const noop = await dispatcher.dispatch(parse('b NOOP please'), session);
    assert.deepEqual(noop.completion, { status: 'BAD', text: 'NOOP: Unexpected argument: please' });
    assert.deepEqual(session.log, []);
  });

  it('answers NO [BADCHARSET] for an unknown search charset', async () => {
    const session = new FakeSession();
    session.state = 'selected';
    const result = await new Dispatcher(handlers).dispatch(parse('a SEARCH CHARSET BIG5 ALL'), session);
    assert.deepEqual(result.completion, {
      status: 'NO',
      code: { code: 'BADCHARSET', charsets: ['UTF-8', 'US-ASCII'] },
      text: 'SEARCH: Unsupported charset BIG5',
    });
  });

  it('hides commands the session does not offer', async () => {
    const session = new FakeSession();
    const dispatcher = new Dispatcher(handlers);
    assert.equal((await dispatcher.dispatch(parse('a STARTTLS'), session)).completion.status, 'OK');
    assert.deepEqual((await dispatcher.dispatch(parse('b STARTTLS'), session)).completion, { status: 'BAD', text: 'STARTTLS is not available' });
  });

  it('answers BAD for a known command without a handler', async () => {
    const session = new FakeSession();
    const result = await new Dispatcher(handlers).dispatch(parse('a CAPABILITY'), session);
    assert.deepEqual(result.completion, { status: 'BAD', text: 'CAPABILITY is not supported' });
  });

  it('turns a handler exception into NO [SERVERBUG] and reports it', async () => {
    const errors: unknown[] = [];
    const session = new FakeSession();
    session.state = 'selected';
    const result = await new Dispatcher(handlers, (error) => errors.push(error)).dispatch(parse('a EXPUNGE'), session);
    assert.deepEqual(result.completion, { status: 'NO', code: 'SERVERBUG', text: 'EXPUNGE failed: internal error' });
    assert.equal((errors[0] as Error).message, 'database is down');
  });

  it('tells the parser which literals not to invite', () => {
    const session = new FakeSession();
    assert.equal(literalRejection('BLURDYBLOOP', session), 'Unknown command: BLURDYBLOOP');
    assert.equal(literalRejection('APPEND', session), 'APPEND needs authentication first');
    assert.equal(literalRejection('LOGIN', session), undefined);
    const parser = new CommandParser({ checkLiteral: ({ command }) => literalRejection(command, session) });
    assert.deepEqual(parser.feed(Buffer.from('a APPEND INBOX {50000000}\r\n')), [{ kind: 'bad', tag: 'a', message: 'APPEND needs authentication first' }]);
  });
});
