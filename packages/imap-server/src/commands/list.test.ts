import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

describe('LIST and LSUB', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const user = server.storage.user(USER);
    await server.storage.createMailbox(user, 'Projects/Kontor/Design');
    await server.storage.createMailbox(user, 'Projects/Alpha');
    await server.storage.createMailbox(user, 'Städte');
    // CREATE does not subscribe (docs/imap.md): only Design of the new mailboxes is.
    await server.storage.setSubscribed(user, 'Projects/Kontor/Design', true);
    await server.storage.deleteMailbox(user, 'Projects/Kontor');
  });
  after(() => server.close());

  it('lists everything with *: children, special use, parents without a mailbox, modified UTF-7', async () => {
    const client = await server.login();
    const result = await client.command('LIST "" *');
    assert.deepEqual(result.untagged, [
      '* LIST (\\HasNoChildren) "/" INBOX',
      '* LIST (\\HasNoChildren \\Archive) "/" Archive',
      '* LIST (\\HasNoChildren \\Drafts) "/" Drafts',
      '* LIST (\\HasNoChildren \\Junk) "/" Junk',
      '* LIST (\\HasChildren) "/" Projects',
      '* LIST (\\HasNoChildren) "/" Projects/Alpha',
      '* LIST (\\Noselect \\HasChildren) "/" Projects/Kontor',
      '* LIST (\\HasNoChildren) "/" Projects/Kontor/Design',
      '* LIST (\\HasNoChildren \\Sent) "/" Sent',
      '* LIST (\\HasNoChildren) "/" St&AOQ-dte',
      '* LIST (\\HasNoChildren \\Trash) "/" Trash',
    ]);
    await client.logout();
  });

  it('stops at one level with %; a parent without a mailbox is \\Noselect', async () => {
    const client = await server.login();
    assert.deepEqual((await client.command('LIST Projects/ %')).untagged, [
      '* LIST (\\HasNoChildren) "/" Projects/Alpha',
      '* LIST (\\Noselect \\HasChildren) "/" Projects/Kontor',
    ]);
    assert.deepEqual((await client.command('LIST "" inbox')).untagged, ['* LIST (\\HasNoChildren) "/" INBOX']);
    assert.deepEqual((await client.command('LIST "" ""')).untagged, ['* LIST (\\Noselect) "/" ""']);
    assert.deepEqual((await client.command('LIST "" Nothing*')).untagged, []);
    await client.logout();
  });

  it('LIST-EXTENDED: SUBSCRIBED and SPECIAL-USE selection, RECURSIVEMATCH, RETURN options, several patterns', async () => {
    const client = await server.login();
    const subscribed = await client.command('LIST (SUBSCRIBED) "" "Projects*"');
    assert.deepEqual(subscribed.untagged, ['* LIST (\\HasNoChildren \\Subscribed) "/" Projects/Kontor/Design']);
    const recursive = await client.command('LIST (SUBSCRIBED RECURSIVEMATCH) "" "Projects/%"');
    assert.deepEqual(recursive.untagged, ['* LIST (\\NonExistent \\HasChildren) "/" Projects/Kontor (CHILDINFO ("SUBSCRIBED"))']);
    const special = await client.command('LIST (SPECIAL-USE) "" *');
    assert.deepEqual(
      special.untagged.map((l) => l.replace(/^\* LIST \(\\HasNoChildren /, '').replace(/\).*/, '')),
      ['\\Archive', '\\Drafts', '\\Junk', '\\Sent', '\\Trash'],
    );
    const returns = await client.command('LIST "" (INBOX Sent) RETURN (SUBSCRIBED SPECIAL-USE)');
    assert.deepEqual(returns.untagged, ['* LIST (\\HasNoChildren \\Subscribed) "/" INBOX', '* LIST (\\HasNoChildren \\Sent \\Subscribed) "/" Sent']);
    await client.logout();
  });

  it('LIST-STATUS: a STATUS line after each selectable mailbox', async () => {
    const client = await server.login();
    const result = await client.command('LIST "" % RETURN (STATUS (MESSAGES UNSEEN))');
    const index = result.untagged.indexOf('* LIST (\\HasNoChildren) "/" INBOX');
    assert.equal(result.untagged[index + 1], '* STATUS INBOX (MESSAGES 0 UNSEEN 0)');
    const projects = result.untagged.indexOf('* LIST (\\HasChildren) "/" Projects');
    assert.equal(result.untagged[projects + 1], '* STATUS Projects (MESSAGES 0 UNSEEN 0)');
    await client.logout();
  });

  it('LSUB lists subscribed mailboxes; a parent stopped at by % is \\Noselect', async () => {
    const client = await server.login();
    assert.deepEqual((await client.command('LSUB "" Projects/%')).untagged, ['* LSUB (\\Noselect) "/" Projects/Kontor']);
    assert.deepEqual((await client.command('LSUB "" P*')).untagged, ['* LSUB () "/" Projects/Kontor/Design']);
    await client.logout();
  });

  it('speaks UTF-8 names after ENABLE UTF8=ACCEPT', async () => {
    const client = await server.login();
    await client.command('ENABLE UTF8=ACCEPT');
    assert.deepEqual((await client.command('LIST "" "St*"')).untagged, ['* LIST (\\HasNoChildren) "/" "Städte"']);
    await client.logout();
  });
});
