import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { commandHandlers } from '../commands/index.ts';
import { COMMANDS, type CommandName } from '../protocol/commands.ts';
import { PARSER_CAPABILITIES } from '../protocol/parser.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { capabilities } from './capabilities.ts';

const LOGGED_IN = { authenticated: true, secure: true, tlsAvailable: true, loginAllowed: true };

describe('CAPABILITY comes from the command table', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('advertises every capability a command record declares, and only those (plus the parser and login ones)', () => {
    const declared = new Set<string>(PARSER_CAPABILITIES);
    for (const spec of Object.values(COMMANDS)) for (const name of spec.capabilities ?? []) declared.add(name);
    declared.delete('STARTTLS'); // offered by state, not after login
    assert.deepEqual(new Set(capabilities(LOGGED_IN)), declared);
  });

  it('backs every advertised capability with a command that has a handler', () => {
    const before = capabilities({ authenticated: false, secure: false, tlsAvailable: true, loginAllowed: true });
    for (const name of new Set([...before, ...capabilities(LOGGED_IN)])) {
      if (name.startsWith('AUTH=')) {
        assert.ok(commandHandlers.AUTHENTICATE);
        continue;
      }
      if ((PARSER_CAPABILITIES as readonly string[]).includes(name)) continue;
      const commands = (Object.keys(COMMANDS) as CommandName[]).filter((command) => COMMANDS[command].capabilities?.includes(name));
      assert.ok(commands.length > 0, `${name} is advertised but no command declares it`);
      for (const command of commands) assert.equal(typeof commandHandlers[command], 'function', `${command} (${name}) has no handler`);
    }
  });

  it('advertises the extensions that are implemented: MULTIAPPEND, BINARY, SEARCHRES, WITHIN, ESORT, PREVIEW', async () => {
    const client = await server.login();
    const line = (await client.command('CAPABILITY')).untagged[0]!;
    for (const name of ['MULTIAPPEND', 'BINARY', 'SEARCHRES', 'WITHIN', 'ESORT', 'PREVIEW', 'LITERAL+', 'IMAP4rev1']) {
      assert.ok(line.split(' ').includes(name), `${name} missing from ${line}`);
    }
    assert.match(line, /^\* CAPABILITY IMAP4rev1 /);
    await client.logout();
  });
});
