// Subscriptions are names, independent of mailboxes (RFC 3501 §6.3.6,
// RFC 5258), driven by Python imaplib against maild. The hierarchy is the
// one of RFC 5258 §5's examples (Fruit, Vegetable, Tofu; "/" instead of
// the RFC's delimiter where it differs).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ImapEnvironment, PASSWORD, startImapEnvironment } from './lib/imap-env.ts';
import { python } from './lib/pop3.ts';

let env: ImapEnvironment;

before(async () => {
  env = await startImapEnvironment([{ localPart: 'fruit' }]);
});
after(() => env.stop());

/** Runs `body` (Python, with `M` logged in and `lines(typ, data)` for untagged responses); `out` is printed as JSON. */
function imap<T>(body: string): Promise<T> {
  return python<T>(`
import imaplib, json, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
M = imaplib.IMAP4_SSL('127.0.0.1', ${env.maild.ports.imaps}, ssl_context=ctx, timeout=30)
M.login(${JSON.stringify(env.address('fruit'))}, ${JSON.stringify(PASSWORD)})
def lines(typ, data):
    assert typ == 'OK', (typ, data)
    return [d.decode() if isinstance(d, bytes) else b' '.join(d).decode() for d in data if d is not None]
def extended_list(*args):
    typ, data = M._simple_command('LIST', *args)
    return lines(*M._untagged_response(typ, data, 'LIST'))
out = {}
${body}
M.logout()
print(json.dumps(out))
`);
}

describe('IMAP subscriptions are names, not mailbox flags', () => {
  before(async () => {
    await imap(`
for name in ('Fruit/Apple', 'Fruit/Banana', 'Fruit/Peach', 'Vegetable/Broccoli', 'Tofu'):
    assert M.create(name)[0] == 'OK', name
# RFC 3501 §6.3.6 example: "C: A002 SUBSCRIBE #news.comp.mail.mime / S: A002 OK SUBSCRIBE completed"
for name in ('Fruit/Banana', 'Fruit/Peach', 'Vegetable', 'Vegetable/Broccoli'):
    assert M.subscribe(name)[0] == 'OK', name
`);
  });

  it('CREATE does not subscribe: the client decides (docs/imap.md)', async () => {
    const out = await imap<{ lsub: string[] }>(`out['lsub'] = lines(*M.lsub('""', 'Tofu'))`);
    assert.deepEqual(out.lsub, []);
  });

  it('DELETE keeps the subscription, and LSUB still lists it (RFC 3501 §6.3.6: the server "MUST NOT unilaterally remove an existing mailbox name from the subscription list even if a mailbox by that name no longer exists")', async () => {
    const out = await imap<{ deleted: string; lsub: string[] }>(`
out['deleted'] = M.delete('Fruit/Peach')[0]
out['lsub'] = lines(*M.lsub('""', 'Fruit/*'))
`);
    assert.equal(out.deleted, 'OK');
    // RFC 3501 §6.3.9 example: "S: * LSUB () "." #news.comp.mail.mime", one line per subscribed name.
    assert.deepEqual(out.lsub, ['() "/" Fruit/Banana', '() "/" Fruit/Peach']);
  });

  it('LIST (SUBSCRIBED) shows a subscribed name without a mailbox as \\NonExistent \\Subscribed (RFC 5258 §5)', async () => {
    // RFC 5258 §5: "S: * LIST (\Subscribed \NonExistent) "/" "Fruit/Peach"" after "C: A02 LIST (SUBSCRIBED) "" "*"".
    const out = await imap<{ list: string[] }>(`out['list'] = extended_list('(SUBSCRIBED)', '""', '"*"')`);
    const byName = new Map(out.list.map((line) => [line.slice(line.lastIndexOf(' ') + 1), line]));
    assert.match(byName.get('Fruit/Peach')!, /\\NonExistent/);
    assert.match(byName.get('Fruit/Peach')!, /\\Subscribed/);
    assert.match(byName.get('Fruit/Banana')!, /^\((?!.*\\NonExistent).*\\Subscribed\)/);
    assert.match(byName.get('Vegetable')!, /\\Subscribed/);
    assert.match(byName.get('Vegetable/Broccoli')!, /\\Subscribed/);
    for (const absent of ['Fruit', 'Fruit/Apple', 'Tofu']) assert.ok(!byName.has(absent), `${absent} is not subscribed`);
  });

  it('LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" returns CHILDINFO ("SUBSCRIBED") for parents of subscribed names (RFC 5258 §3.5)', async () => {
    // RFC 5258 §5: "C: A04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)" answers
    // Fruit (not subscribed, a child is) and Vegetable (subscribed, a child is too) with CHILDINFO.
    const out = await imap<{ list: string[] }>(`out['list'] = extended_list('(SUBSCRIBED RECURSIVEMATCH)', '""', '"%"', 'RETURN', '(CHILDREN)')`);
    const byName = new Map(out.list.map((line) => [/ "\/" (\S+)/.exec(line)![1]!, line]));
    assert.match(byName.get('Fruit')!, /\(CHILDINFO \("SUBSCRIBED"\)\)$/);
    assert.doesNotMatch(byName.get('Fruit')!, /\\Subscribed/);
    assert.match(byName.get('Vegetable')!, /\\Subscribed.*\(CHILDINFO \("SUBSCRIBED"\)\)$/);
    assert.ok(!byName.has('Tofu'), 'neither Tofu nor a child of it is subscribed');
  });

  it('LSUB with % lists an unsubscribed parent of subscribed names as \\Noselect (RFC 3501 §6.3.9)', async () => {
    // RFC 3501 §6.3.9: "C: A003 LSUB "#news." "comp.%" / S: * LSUB (\NoSelect) "." #news.comp.mail".
    const out = await imap<{ lsub: string[] }>(`out['lsub'] = lines(*M.lsub('""', '%'))`);
    assert.ok(out.lsub.includes('(\\Noselect) "/" Fruit'), JSON.stringify(out.lsub));
    assert.ok(out.lsub.includes('() "/" Vegetable'), JSON.stringify(out.lsub));
    assert.ok(!out.lsub.some((line) => line.endsWith(' Tofu')));
  });

  it('UNSUBSCRIBE removes a name whose mailbox is gone', async () => {
    const out = await imap<{ unsubscribed: string; lsub: string[] }>(`
out['unsubscribed'] = M.unsubscribe('Fruit/Peach')[0]
out['lsub'] = lines(*M.lsub('""', 'Fruit/*'))
`);
    assert.equal(out.unsubscribed, 'OK');
    assert.deepEqual(out.lsub, ['() "/" Fruit/Banana']);
  });
});
