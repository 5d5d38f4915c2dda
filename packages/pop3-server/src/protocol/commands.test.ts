import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, type CommandName, type Pop3State } from './commands.ts';
import { type DispatchSession, validateCommand } from './dispatcher.ts';
import { parseCommandLine } from './parser.ts';
import { encodeStatus } from './replies.ts';

/** A maildrop of 3 messages, number 2 marked deleted. */
const maildropIndex = { count: 3, isDeleted: (index: number) => index === 1 };
const AUTHORIZATION: DispatchSession = { state: 'authorization' };
const TRANSACTION: DispatchSession = { state: 'transaction', maildropIndex };

function check(line: string, session: DispatchSession) {
  return validateCommand(parseCommandLine(Buffer.from(line)), session);
}

function args(line: string, session = TRANSACTION): unknown {
  const result = check(line, session);
  assert.ok(result.ok, `${line} → ${!result.ok && encodeStatus(result.reply).toString()}`);
  return result.args;
}

/** The exact -ERR line (without CRLF) a command gets before any handler. */
function rejection(line: string, session = TRANSACTION): string {
  const result = check(line, session);
  assert.ok(!result.ok, `${line} should be rejected`);
  return encodeStatus(result.reply).toString().trimEnd();
}

const EXAMPLES: Record<CommandName, string> = {
  USER: 'USER anna@example.test',
  PASS: 'PASS secret',
  AUTH: 'AUTH PLAIN',
  STLS: 'STLS',
  CAPA: 'CAPA',
  QUIT: 'QUIT',
  STAT: 'STAT',
  LIST: 'LIST',
  RETR: 'RETR 1',
  DELE: 'DELE 1',
  NOOP: 'NOOP',
  RSET: 'RSET',
  TOP: 'TOP 1 10',
  UIDL: 'UIDL',
};

describe('command table', () => {
  it('accepts an example of every command in each state that allows it', () => {
    for (const [name, line] of Object.entries(EXAMPLES) as Array<[CommandName, string]>) {
      for (const state of COMMANDS[name].states) {
        const result = check(line, { state, maildropIndex });
        assert.ok(result.ok && result.command === name, `${name} in ${state}`);
      }
    }
  });

  it('rejects every command in the states that do not allow it, naming why', () => {
    const expected: Record<Pop3State, (name: string) => string> = {
      authorization: (name) => `-ERR ${name} is only valid after login`,
      transaction: (name) => `-ERR ${name} is only valid before login`,
      update: () => '-ERR The session is ending',
    };
    for (const [name, line] of Object.entries(EXAMPLES) as Array<[CommandName, string]>) {
      for (const state of ['authorization', 'transaction', 'update'] as const) {
        if (COMMANDS[name].states.includes(state)) continue;
        assert.equal(rejection(line, { state, maildropIndex }), expected[state](name));
      }
    }
  });

  it('knows no APOP (not offered) and no unknown words', () => {
    assert.equal(rejection('APOP anna 0123456789abcdef', AUTHORIZATION), '-ERR Unknown command: APOP');
    assert.equal(rejection('XYZZY'), '-ERR Unknown command: XYZZY');
    assert.equal(rejection(''), '-ERR Empty command line');
  });

  it('rejects arguments to commands that take none', () => {
    for (const name of ['STAT', 'NOOP', 'RSET'] as const) assert.equal(rejection(`${name} now`), `-ERR ${name}: ${name} takes no arguments`);
    assert.equal(rejection('CAPA x', AUTHORIZATION), '-ERR CAPA: CAPA takes no arguments');
    assert.equal(rejection('STLS x', AUTHORIZATION), '-ERR STLS: STLS takes no arguments');
    assert.equal(rejection('QUIT x', AUTHORIZATION), '-ERR QUIT: QUIT takes no arguments');
  });
});

describe('argument schemas', () => {
  it('message numbers: present, numeric, in range, not deleted', () => {
    assert.deepEqual(args('RETR 3'), { message: { number: 3, index: 2 } });
    assert.deepEqual(args('list  1 '), { message: { number: 1, index: 0 } });
    assert.deepEqual(args('LIST'), {});
    assert.equal(rejection('RETR'), '-ERR RETR: Missing message number');
    assert.equal(rejection('DELE'), '-ERR DELE: Missing message number');
    assert.equal(rejection('RETR one'), '-ERR RETR: Invalid message number: one is not a number');
    assert.equal(rejection('RETR -1'), '-ERR RETR: Invalid message number: -1 is not a number');
    assert.equal(rejection('RETR 1.5'), '-ERR RETR: Invalid message number: 1.5 is not a number');
    assert.equal(rejection('RETR 0'), '-ERR RETR: No such message: 0 (messages are 1 to 3)');
    assert.equal(rejection('LIST 4'), '-ERR LIST: No such message: 4 (messages are 1 to 3)');
    assert.equal(rejection('UIDL 99999999999999999999'), '-ERR UIDL: No such message: 99999999999999999999 (messages are 1 to 3)');
    assert.equal(rejection('RETR 2'), '-ERR RETR: Message 2 is already deleted');
    assert.equal(rejection('DELE 2'), '-ERR DELE: Message 2 is already deleted');
    assert.equal(rejection('LIST 2'), '-ERR LIST: Message 2 is already deleted');
    assert.equal(rejection('TOP 2 0'), '-ERR TOP: Message 2 is already deleted');
    assert.equal(rejection('RETR 1 2'), '-ERR RETR: Too many arguments for RETR');
    assert.equal(rejection('LIST 1 2'), '-ERR LIST: Too many arguments for LIST');
    const empty = { state: 'transaction', maildropIndex: { count: 0, isDeleted: () => false } } as const;
    assert.equal(rejection('RETR 1', empty), '-ERR RETR: No such message: 1 (the maildrop is empty)');
  });

  it('TOP needs a message and a line count', () => {
    assert.deepEqual(args('TOP 1 0'), { message: { number: 1, index: 0 }, lines: 0 });
    assert.deepEqual(args('TOP 1 99999999999999999999'), { message: { number: 1, index: 0 }, lines: Number.MAX_SAFE_INTEGER });
    assert.equal(rejection('TOP 1'), '-ERR TOP: Missing line count');
    assert.equal(rejection('TOP'), '-ERR TOP: Missing message number');
    assert.equal(rejection('TOP 1 x'), '-ERR TOP: Invalid line count: x is not a number');
    assert.equal(rejection('TOP 1 2 3'), '-ERR TOP: Too many arguments for TOP');
  });

  it('USER takes the rest of the line, trimmed; PASS takes it verbatim (spaces are part of a password)', () => {
    assert.deepEqual(args('USER anna@example.test ', AUTHORIZATION), { username: 'anna@example.test' });
    assert.deepEqual(args('PASS  correct horse ', AUTHORIZATION), { password: ' correct horse ' });
    assert.deepEqual(args('PASS grüße', AUTHORIZATION), { password: 'grüße' });
    assert.equal(rejection('USER', AUTHORIZATION), '-ERR USER: Missing user name');
    assert.equal(rejection('USER  ', AUTHORIZATION), '-ERR USER: Missing user name');
    assert.equal(rejection('PASS', AUTHORIZATION), '-ERR PASS: Missing password');
  });

  it('AUTH: optional mechanism (upper-cased) and initial response', () => {
    assert.deepEqual(args('AUTH', AUTHORIZATION), {});
    assert.deepEqual(args('AUTH plain', AUTHORIZATION), { mechanism: 'PLAIN' });
    assert.deepEqual(args('AUTH PLAIN AGFubmEAcHc=', AUTHORIZATION), { mechanism: 'PLAIN', initialResponse: 'AGFubmEAcHc=' });
    assert.equal(rejection('AUTH PLAIN a b', AUTHORIZATION), '-ERR AUTH: Too many arguments for AUTH');
  });

  it('a session can withdraw a command with its own reply (checked after the state)', () => {
    const session: DispatchSession = {
      state: 'authorization',
      unavailable: (command) => (command === 'USER' ? { ok: false, code: 'AUTH', text: 'use STLS first' } : undefined),
    };
    assert.equal(rejection('USER anna', session), '-ERR [AUTH] use STLS first');
    assert.equal(rejection('STAT', session), '-ERR STAT is only valid after login');
  });
});
