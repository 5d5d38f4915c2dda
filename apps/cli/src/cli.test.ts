/**
 * Runs the real `kontor` command (bin/kontor.js, a child process) against a
 * throw-away PostgreSQL database and checks its output, exit codes and what
 * it wrote. Each case uses its own domain, so the cases run concurrently.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifyPassword } from '@kontor/core';
import { CLI_ACTOR, createAlias, createDomain, createMailbox } from '@kontor/db';
import { createTestDatabase, type TestDatabase } from '@kontor/db/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/kontor.js', import.meta.url));
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const PASSWORD = 'correct horse battery';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.drop();
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `kontor ...args` from the repo root; stdin gets `input` (and is always closed). */
function kontor(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<Result> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, DATABASE_URL: database.url, KONTOR_DEBUG: undefined, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(args: string[], options?: { input?: string }): Promise<string> {
  const result = await kontor(args, options);
  assert.equal(result.code, 0, `kontor ${args.join(' ')} failed: ${result.stderr}`);
  assert.equal(result.stderr, '');
  return result.stdout;
}

/** Exit 1, nothing on stdout, one `kontor: ` line on stderr (no stack trace) matching `pattern`. */
async function fails(args: string[], pattern: RegExp, options?: { input?: string; env?: Record<string, string | undefined> }): Promise<string> {
  const result = await kontor(args, options);
  assert.equal(result.code, 1, `kontor ${args.join(' ')} should fail; stdout: ${result.stdout}`);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^kontor: [^\n]+\n$/, `one line expected, got: ${result.stderr}`);
  assert.match(result.stderr, pattern);
  return result.stderr;
}

/** A row of `--json` output. */
type JsonObject = Record<string, unknown>;

async function json<T = JsonObject>(args: string[]): Promise<T> {
  return JSON.parse(await ok([...args, '--json'])) as T;
}

describe('kontor', { concurrency: 4 }, () => {
  it('adds, lists and removes domains; IDN names are stored as xn-- and shown in both forms', async () => {
    const [idnAdded, plainAdded] = await Promise.all([
      ok(['domain', 'add', 'bücher.example', '--quota', '2G', '--max-mailboxes', '5', '--description', 'Books']),
      ok(['domain', 'add', 'plain.example']),
    ]);
    assert.equal(idnAdded, 'Created domain bücher.example (xn--bcher-kva.example, default quota 2 GB, at most 5 mailboxes)\n');
    assert.equal(plainAdded, 'Created domain plain.example (default quota 1 GB, no mailbox limit)\n');
    const stored = await database.db.domain.findUnique({ where: { name: 'xn--bcher-kva.example' } });
    assert.equal(stored?.unicodeName, 'bücher.example');

    const [table, domains] = await Promise.all([ok(['domain', 'list']), json<JsonObject[]>(['domain', 'list'])]);
    assert.match(table, /^DOMAIN\s+MAILBOXES\s+ALIASES\s+USED\s+DEFAULT QUOTA\s+MAX MAILBOXES\s+ACTIVE$/m);
    assert.match(table, /^bücher\.example \(xn--bcher-kva\.example\)\s+0\s+0\s+0 B\s+2 GB\s+5\s+yes$/m);
    const idn = domains.find((d) => d.name === 'xn--bcher-kva.example');
    assert.deepEqual(
      { ...idn, createdAt: typeof idn?.createdAt },
      {
        name: 'xn--bcher-kva.example',
        unicodeName: 'bücher.example',
        description: 'Books',
        active: true,
        mailboxes: 0,
        aliases: 0,
        usedBytes: 0,
        defaultQuotaBytes: 2 * GIB,
        maxMailboxes: 5,
        createdAt: 'string',
      },
    );
    assert.equal(domains.find((d) => d.name === 'plain.example')?.defaultQuotaBytes, GIB);

    await fails(['domain', 'add', 'BÜCHER.example'], /^kontor: The domain bücher\.example already exists$/m);
    const [idnRemoved, plainRemoved] = await Promise.all([ok(['domain', 'remove', 'xn--bcher-kva.example']), ok(['domain', 'remove', 'plain.example'])]);
    assert.equal(idnRemoved, 'Removed domain bücher.example (xn--bcher-kva.example)\n');
    assert.equal(plainRemoved, 'Removed domain plain.example\n');
    assert.equal(await database.db.domain.count({ where: { name: { in: ['xn--bcher-kva.example', 'plain.example'] } } }), 0);
  });

  it('adds, lists, shows, re-passwords and removes mailboxes, as actor cli in the audit log', async () => {
    await ok(['domain', 'add', 'mail.example', '--quota', '2G']);
    const [infoAdded, annaAdded] = await Promise.all([
      ok(['mailbox', 'add', 'Info@mail.example', '--password', PASSWORD, '--quota', '500M', '--name', 'Info Desk']),
      ok(['mailbox', 'add', 'anna@mail.example', '--password', '-'], { input: 'from stdin 12345\n' }),
    ]);
    assert.equal(infoAdded, 'Created mailbox info@mail.example (quota 500 MB)\n');
    assert.equal(annaAdded, 'Created mailbox anna@mail.example (quota 2 GB)\n');
    const anna = { localPart: 'anna', domain: { name: 'mail.example' } };
    assert.ok(await verifyPassword((await database.db.mailbox.findFirstOrThrow({ where: anna })).passwordHash, 'from stdin 12345'));

    await Promise.all([
      fails(['mailbox', 'add', 'bob@mail.example', '--password', 'short'], /^kontor: invalid --password: Use at least 10 characters$/m),
      fails(['mailbox', 'add', 'info@mail.example', '--password', PASSWORD], /^kontor: The mailbox info@mail\.example already exists$/m),
      fails(['mailbox', 'password', 'anna@mail.example', '--password', '-'], /no password on standard input/, { input: '' }),
    ]);

    const [list, listJson, show, showText] = await Promise.all([
      ok(['mailbox', 'list', 'mail.example']),
      json<JsonObject[]>(['mailbox', 'list', 'mail.example']),
      json(['mailbox', 'show', 'info@mail.example']),
      ok(['mailbox', 'show', 'info@mail.example']),
    ]);
    assert.match(list, /^ADDRESS\s+NAME\s+MESSAGES\s+USED\s+QUOTA\s+ACTIVE$/m);
    assert.match(list, /^info@mail\.example\s+Info Desk\s+0\s+0 B\s+500 MB\s+yes$/m);
    assert.deepEqual(
      listJson.map((m) => m.address),
      ['anna@mail.example', 'info@mail.example'],
    );
    assert.deepEqual(
      { ...show, createdAt: typeof show.createdAt },
      {
        address: 'info@mail.example',
        displayAddress: 'info@mail.example',
        displayName: 'Info Desk',
        messages: 0,
        usedBytes: 0,
        quotaBytes: 500 * MIB,
        active: true,
        lastLoginAt: null,
        createdAt: 'string',
      },
    );
    assert.match(showText, /^Used:\s+0 B of 500 MB \(0%\)$/m);

    // The second line of stdin is not part of the password.
    assert.equal(
      await ok(['mailbox', 'password', 'anna@mail.example', '--password', '-'], { input: 'changed via pipe\r\nsecond line\n' }),
      'Changed the password of anna@mail.example\n',
    );
    assert.ok(await verifyPassword((await database.db.mailbox.findFirstOrThrow({ where: anna })).passwordHash, 'changed via pipe'));

    // A mailbox that holds mail needs --yes.
    await database.db.mailbox.updateMany({
      where: { localPart: 'info', domain: { name: 'mail.example' } },
      data: { messageCount: 3, usedBytes: 2n * BigInt(MIB) },
    });
    await fails(['mailbox', 'remove', 'info@mail.example'], /^kontor: info@mail\.example still holds 3 messages \(2 MB\); run again with --yes/m);
    assert.equal(await ok(['mailbox', 'remove', 'info@mail.example', '--yes']), 'Removed mailbox info@mail.example and its 3 messages (2 MB)\n');
    await fails(['mailbox', 'remove', 'info@mail.example'], /^kontor: No mailbox info@mail\.example$/m);

    const domain = await database.db.domain.findUniqueOrThrow({ where: { name: 'mail.example' } });
    const audit = await database.db.auditLog.findMany({ where: { domainId: domain.id }, orderBy: { id: 'asc' } });
    assert.deepEqual(audit.map((row) => row.action).sort(), ['domain.create', 'mailbox.create', 'mailbox.create', 'mailbox.delete', 'mailbox.update+password']);
    assert.deepEqual(new Set(audit.map((row) => row.actor)), new Set(['cli']));
    assert.ok(!JSON.stringify(audit.map((row) => [row.before, row.after])).includes('changed via pipe'), 'no password in the audit log');
  });

  it('adds, lists and removes aliases and a catch-all', async () => {
    // Set-up through the data functions: each process start costs about a second of CPU.
    const domain = await createDomain(database.db, CLI_ACTOR, { name: 'alias.example' });
    await createMailbox(database.db, CLI_ACTOR, { domainId: domain.id, localPart: 'info', password: PASSWORD });
    const [salesAdded, catchAllAdded] = await Promise.all([
      ok(['alias', 'add', 'sales@alias.example', 'info@alias.example,partner@elsewhere.org']),
      ok(['alias', 'add', '*@alias.example', 'info@alias.example']),
    ]);
    assert.equal(salesAdded, 'Created alias sales@alias.example → info@alias.example, partner@elsewhere.org\n');
    assert.equal(catchAllAdded, 'Created catch-all *@alias.example → info@alias.example\n');
    await Promise.all([
      fails(['alias', 'add', '*@alias.example', 'info@alias.example'], /^kontor: alias\.example already has a catch-all$/m),
      fails(['alias', 'add', 'x@alias.example', 'not-an-address'], /^kontor: invalid destination: "not-an-address" is not a full address$/m),
    ]);

    const [list, aliases] = await Promise.all([ok(['alias', 'list', 'alias.example']), json<JsonObject[]>(['alias', 'list', 'alias.example'])]);
    assert.match(list, /^ALIAS\s+ACTIVE\s+DESTINATIONS$/m);
    assert.match(list, /^\*@alias\.example \(catch-all\)\s+yes\s+info@alias\.example$/m);
    assert.match(list, /^sales@alias\.example\s+yes\s+info@alias\.example, partner@elsewhere\.org \(external\)$/m);
    assert.deepEqual(
      aliases.map(({ address, destinations, catchAll, active }) => ({ address, destinations, catchAll, active })),
      [
        { address: '*@alias.example', destinations: ['info@alias.example'], catchAll: true, active: true },
        { address: 'sales@alias.example', destinations: ['info@alias.example', 'partner@elsewhere.org'], catchAll: false, active: true },
      ],
    );

    const [salesRemoved, catchAllRemoved] = await Promise.all([ok(['alias', 'remove', 'sales@alias.example']), ok(['alias', 'remove', '*@alias.example'])]);
    assert.equal(salesRemoved, 'Removed alias sales@alias.example\n');
    assert.equal(catchAllRemoved, 'Removed catch-all *@alias.example\n');
    const audit = await database.db.auditLog.findMany({ where: { targetType: 'alias' } });
    assert.equal(audit.filter((row) => row.actor === 'cli' && row.action === 'alias.delete').length, 2);
  });

  it('adds, lists, assigns, unassigns and removes administrators, audited; the last superadmin stays', async () => {
    await createDomain(database.db, CLI_ACTOR, { name: 'team.example' });
    await createDomain(database.db, CLI_ACTOR, { name: 'shop.example' });
    const added = await ok(['admin', 'add', 'Anna@Team.example', '--password', '-', '--domains', 'team.example', '--name', 'Anna'], { input: `${PASSWORD}\n` });
    assert.equal(added, 'Created administrator anna@team.example (domain admin of team.example)\n');
    assert.equal(
      await ok(['admin', 'add', 'boss@team.example', '--password', '-', '--role', 'superadmin'], { input: `${PASSWORD}\n` }),
      'Created administrator boss@team.example (superadmin)\n',
    );
    await fails(['admin', 'add', 'x@team.example', '--password', PASSWORD, '--role', 'owner'], /invalid --role/);
    await fails(['admin', 'add', 'anna@team.example', '--password', PASSWORD], /already exists/);

    assert.equal(await ok(['admin', 'assign', 'anna@team.example', 'shop.example']), 'anna@team.example now administers shop.example\n');
    assert.equal(await ok(['admin', 'assign', 'anna@team.example', 'shop.example']), 'anna@team.example already administers shop.example\n');
    await fails(['admin', 'assign', 'boss@team.example', 'shop.example'], /superadmin and already administers every domain/);
    const admins = await json<JsonObject[]>(['admin', 'list']);
    assert.deepEqual(admins.find((a) => a.email === 'anna@team.example')?.domains, ['shop.example', 'team.example']);
    assert.match(await ok(['admin', 'list']), /^anna@team\.example\s+domain-admin\s+yes\s+shop\.example, team\.example\s+never$/m);

    assert.equal(await ok(['admin', 'unassign', 'anna@team.example', 'team.example']), 'anna@team.example no longer administers team.example\n');
    await fails(['admin', 'unassign', 'anna@team.example', 'team.example'], /does not administer team\.example/);
    assert.equal(await ok(['admin', 'remove', 'anna@team.example']), 'Removed administrator anna@team.example\n');
    await fails(['admin', 'remove', 'nobody@team.example'], /No administrator nobody@team\.example/);
    // boss is the only superadmin of this database: it cannot go.
    await fails(['admin', 'remove', 'boss@team.example'], /last active superadmin/);
    const actions = (await database.db.auditLog.findMany({ where: { targetType: 'admin', actor: 'cli' }, orderBy: { id: 'asc' } })).map((a) => a.action);
    for (const action of ['admin.create', 'admin.assign', 'admin.unassign', 'admin.remove'])
      assert.ok(actions.includes(action), `${action} audited: ${actions.join(', ')}`);
  });

  it('keeps a domain with mailboxes unless --yes, listing what would go', async () => {
    const domain = await createDomain(database.db, CLI_ACTOR, { name: 'full.example' });
    await createMailbox(database.db, CLI_ACTOR, { domainId: domain.id, localPart: 'anna', password: PASSWORD });
    await createAlias(database.db, CLI_ACTOR, { domainId: domain.id, localPart: 'team', destinations: 'anna@full.example' });

    const refused = await kontor(['domain', 'remove', 'full.example']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    const lines = refused.stderr.trimEnd().split('\n');
    assert.equal(lines[0], 'kontor: full.example is not empty; removing it would also remove:');
    assert.match(lines[1]!, /^ {2}- 1 mailbox \(anna@full\.example\)/);
    assert.equal(lines[2], '  - 1 alias');
    assert.match(lines[3]!, /--yes/);
    assert.ok(await database.db.domain.findUnique({ where: { name: 'full.example' } }));

    assert.match(await ok(['domain', 'remove', 'full.example', '--yes']), /^Removed domain full\.example, with 1 mailbox \(anna@full\.example\)/);
    assert.equal(await database.db.domain.findUnique({ where: { name: 'full.example' } }), null);
    assert.equal(await database.db.mailbox.count({ where: { localPart: 'anna', domain: { name: 'full.example' } } }), 0);
  });

  it('refuses bad input, unknown commands and an unreachable database with one line and exit 1', async () => {
    await Promise.all([
      fails(['domain', 'add', 'localhost'], /^kontor: invalid domain: Use a full domain name with a dot, for example example\.com$/m),
      fails(['domain', 'add', 'q.example', '--quota', 'lots'], /^kontor: invalid --quota: Enter a size/m),
      fails(
        ['mailbox', 'add', 'info@nowhere.example', '--password', PASSWORD],
        /^kontor: No domain nowhere\.example; add it first with: kontor domain add nowhere\.example$/m,
      ),
      fails(['alias', 'add', 'sales', 'info@example.com'], /^kontor: invalid alias address: "sales" is not a full address/m),
      fails(['frobnicate'], /^kontor: unknown command "frobnicate"; see kontor --help$/m),
      fails(['email', 'add', 'a@b.example'], /unknown command "email" \(did you mean "mailbox"\?\)/),
      fails(['domain', 'delete', 'x.example'], /^kontor: unknown command "domain delete" \(did you mean "remove"\?\); see kontor domain --help$/m),
      fails(['domain', 'list', '--verbose'], /^kontor: unknown option --verbose; see kontor domain list --help$/m),
      fails(['domain', 'add'], /^kontor: missing DOMAIN; see kontor domain add --help$/m),
      fails(['mailbox', 'add', 'a@b.example'], /missing --password PW/),
      fails(['domain', 'list'], /^kontor: cannot reach the database at 127\.0\.0\.1:1; /m, {
        env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/kontor' },
      }),
      fails(['domain', 'list'], /^kontor: DATABASE_URL is not set/m, { env: { DATABASE_URL: '', DATA_DIR: '/nonexistent/kontor-data' } }),
    ]);
  });

  it('prints usage for --help, help, GROUP --help and COMMAND --help', async () => {
    const [top, helpWord, group, command] = await Promise.all([ok(['--help']), ok(['help']), ok(['mailbox', '--help']), ok(['mailbox', 'add', '--help'])]);
    assert.equal(top, helpWord);
    for (const line of ['kontor domain add DOMAIN', 'kontor mailbox add ADDRESS --password PW [--quota SIZE]', 'kontor alias add SOURCE DEST[,DEST…]']) {
      assert.ok(top.includes(line), `${line} missing from help`);
    }
    assert.match(group, /kontor mailbox password ADDRESS --password PW/);
    assert.match(command, /^Usage: kontor mailbox add ADDRESS --password PW/);
    assert.match(command, /--password -/);
  });
});
