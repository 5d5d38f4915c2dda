import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImapValue, ParsedCommand } from '../protocol/values.ts';
import { describeCommandArgs } from './command-log.ts';

const atom = (value: string): ImapValue => ({ type: 'atom', value });
const quoted = (value: string): ImapValue => ({ type: 'quoted', value });
const literal = (text: string): ImapValue => ({ type: 'literal', value: Buffer.from(text), binary: false });
const command = (name: string, args: ImapValue[]): ParsedCommand => ({ tag: 'a1', command: name, args });

describe('describeCommandArgs (the IMAP debug line)', () => {
  it('shows the arguments of ordinary commands', () => {
    assert.equal(describeCommandArgs(command('SELECT', [quoted('Sent Items')])), '"Sent Items"');
    assert.equal(
      describeCommandArgs(command('UID FETCH', [atom('1:*'), { type: 'list', items: [atom('FLAGS'), atom('BODY.PEEK[HEADER]')] }])),
      '1:* (FLAGS BODY.PEEK[HEADER])',
    );
    assert.equal(describeCommandArgs(command('SEARCH', [atom('FROM'), { type: 'nil' }])), 'FROM NIL');
  });

  it('never shows LOGIN or AUTHENTICATE arguments', () => {
    const login = describeCommandArgs(command('LOGIN', [quoted('info@example.com'), quoted('Secret-pass-1')]));
    assert.equal(login, '<redacted>');
    const literalLogin = describeCommandArgs(command('LOGIN', [atom('info@example.com'), literal('Secret-pass-1')]));
    assert.ok(!literalLogin.includes('Secret'));
    const auth = describeCommandArgs(command('AUTHENTICATE', [atom('PLAIN'), atom(Buffer.from('\0u\0Secret-pass-1').toString('base64'))]));
    assert.equal(auth, '<redacted>');
  });

  it('shows a literal by its size, never its content', () => {
    const text = describeCommandArgs(command('APPEND', [atom('INBOX'), { type: 'list', items: [atom('\\Seen')] }, literal('Subject: private\r\n\r\nbody')]));
    assert.equal(text, 'INBOX (\\Seen) {24}');
    assert.equal(describeCommandArgs(command('APPEND', [atom('INBOX'), { type: 'literal', value: Buffer.from('x'), binary: true }])), 'INBOX ~{1}');
  });

  it('keeps control characters and overlong arguments out of the log line', () => {
    assert.equal(describeCommandArgs(command('SELECT', [quoted('a\r\nb')])), '"a??b"');
    const long = describeCommandArgs(command('SEARCH', [quoted('x'.repeat(1000))]));
    assert.ok(long.length <= 303 && long.endsWith('...'));
  });
});
