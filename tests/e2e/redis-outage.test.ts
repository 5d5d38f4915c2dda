// Redis away must not leave clients hanging: maild runs against a private
// redis-server that the test stops (SIGSTOP: connected but silent) and
// kills, and real clients (Python smtplib, imaplib, poplib) still get
// their greeting and their LOGIN answer. The limiters fail open while
// Redis is away and limit again once it is back. Client timeouts of 10 s
// are hang guards only, not a measure of speed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ImapEnvironment, PASSWORD, startImapEnvironment } from './lib/imap-env.ts';
import { python } from './lib/pop3.ts';
import { PrivateRedis } from './lib/private-redis.ts';

const LOGIN_FAILURES = 3;
const CONNECTIONS_PER_MINUTE = 4;

let redis: PrivateRedis;
let env: ImapEnvironment;
let user = '';

before(async () => {
  redis = await PrivateRedis.start();
  env = await startImapEnvironment([{ localPart: 'info' }], {
    env: {
      REDIS_URL: redis.url,
      SMTP_CONNECTIONS_PER_MINUTE: String(CONNECTIONS_PER_MINUTE),
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(LOGIN_FAILURES),
      LOG_LEVEL: 'info',
    },
  });
  user = env.address('info');
});

after(async () => {
  await env?.stop();
  await redis?.stop();
});

interface Answers {
  smtp: string;
  imap: string;
  pop3: string;
  submission: string;
}

/** SMTP greeting, IMAP LOGIN with the right password, POP3 USER/PASS, submission MAIL FROM after AUTH: what each server answered. */
function clientsAnswer(): Promise<Answers> {
  const { smtp, imaps, pop3s, submission } = env.maild.ports;
  return python<Answers>(`
import imaplib, json, poplib, smtplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
out = {}
s = smtplib.SMTP(timeout=10)
code, banner = s.connect('127.0.0.1', ${smtp})
out['smtp'] = '%d %s' % (code, banner.decode())
s.quit()
m = imaplib.IMAP4_SSL('127.0.0.1', ${imaps}, ssl_context=ctx, timeout=10)
try:
    typ, data = m.login(${JSON.stringify(user)}, ${JSON.stringify(PASSWORD)})
    out['imap'] = typ + ' ' + data[0].decode()
    m.logout()
except imaplib.IMAP4.error as e:
    out['imap'] = 'NO ' + str(e)
p = poplib.POP3_SSL('127.0.0.1', ${pop3s}, context=ctx, timeout=10)
p.user(${JSON.stringify(user)})
try:
    out['pop3'] = p.pass_(${JSON.stringify(PASSWORD)}).decode()
    p.quit()
except poplib.error_proto as e:
    out['pop3'] = e.args[0].decode()
sub = smtplib.SMTP('127.0.0.1', ${submission}, timeout=10)
sub.starttls(context=ctx)
sub.login(${JSON.stringify(user)}, ${JSON.stringify(PASSWORD)})
code, text = sub.mail(${JSON.stringify(user)})
out['submission'] = '%d %s' % (code, text.decode())
sub.rset()
sub.quit()
print(json.dumps(out))
`);
}

/** LOGIN with a wrong password until the limiter refuses (at most `attempts` tries); the answers. */
function wrongLogins(attempts: number): Promise<string[]> {
  return python<string[]>(`
import imaplib, json, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
answers = []
for i in range(${attempts}):
    m = imaplib.IMAP4_SSL('127.0.0.1', ${env.maild.ports.imaps}, ssl_context=ctx, timeout=20)
    try:
        m.login(${JSON.stringify(user)}, 'wrong password')
        answers.append('OK')
    except imaplib.IMAP4.error as e:
        answers.append(str(e))
    m.shutdown()
    if 'Too many' in answers[-1]:
        break
print(json.dumps(answers))
`);
}

/** SMTP greetings of `count` connections opened one after another. */
function smtpGreetings(count: number): Promise<number[]> {
  return python<number[]>(`
import json, smtplib
codes = []
for i in range(${count}):
    s = smtplib.SMTP(timeout=10)
    try:
        code, _ = s.connect('127.0.0.1', ${env.maild.ports.smtp})
    except smtplib.SMTPConnectError as e:
        code = e.smtp_code
    codes.append(code)
    s.close()
print(json.dumps(codes))
`);
}

describe('maild while Redis is away', () => {
  it('answers normally while Redis is up', async () => {
    const answers = await clientsAnswer();
    assert.match(answers.smtp, /^220 /);
    assert.match(answers.imap, /^OK /);
    assert.match(answers.pop3, /^\+OK /);
    assert.match(answers.submission, /^250 /);
  });

  it('greets on SMTP and answers IMAP and POP3 logins while Redis is stopped (SIGSTOP: connected, silent)', async () => {
    redis.signal('SIGSTOP');
    try {
      const answers = await clientsAnswer();
      assert.match(answers.smtp, /^220 /, 'the connection limiter lets the client in');
      assert.match(answers.imap, /^OK /, 'the login limiter lets the attempt through');
      // The POP3 maildrop lock lives in Redis: no lock, no maildrop, but a prompt "try later".
      assert.match(answers.pop3, /^-ERR \[SYS\/TEMP\] /);
      // The sending limit cannot be read: the sender is let through (the outage is logged), not kept waiting.
      assert.match(answers.submission, /^250 /);
    } finally {
      redis.signal('SIGCONT');
    }
  });

  it('does the same while Redis is down (killed), and limits again once it is back', async () => {
    await redis.kill();
    const answers = await clientsAnswer();
    assert.match(answers.smtp, /^220 /);
    assert.match(answers.imap, /^OK /);
    assert.match(answers.pop3, /^-ERR \[SYS\/TEMP\] /);
    // Failures cannot be counted now: no block, whatever the count.
    const whileDown = await wrongLogins(LOGIN_FAILURES + 2);
    assert.equal(whileDown.length, LOGIN_FAILURES + 2);
    assert.ok(
      whileDown.every((answer) => /AUTHENTICATIONFAILED/.test(answer) && !/Too many/.test(answer)),
      JSON.stringify(whileDown),
    );

    await redis.run();
    // The connections come back by themselves (the wait is a hang guard).
    await env.maild.waitForLog(/"msg":"Redis available again".*"redis":"interactive"|"redis":"interactive".*"msg":"Redis available again"/, 15_000);
    assert.match((await clientsAnswer()).pop3, /^\+OK /);
    const afterRestart = await wrongLogins(LOGIN_FAILURES + 1);
    assert.match(afterRestart.at(-1)!, /Too many failed logins/, JSON.stringify(afterRestart));
    assert.equal(afterRestart.length, LOGIN_FAILURES + 1);
    // clientsAnswer above used one connection of this minute's CONNECTIONS_PER_MINUTE.
    const greetings = await smtpGreetings(CONNECTIONS_PER_MINUTE);
    assert.deepEqual(greetings.slice(0, -1), Array(CONNECTIONS_PER_MINUTE - 1).fill(220));
    assert.equal(greetings.at(-1), 421);
  });

  it('logged the outages as JSON, once per outage and connection, not per command', () => {
    const lines = env.maild
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    const notJson = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(notJson, [], 'every line maild wrote is JSON');
    const unavailable = lines.filter((line) => /unavailable"/.test(line) && /Redis/.test(line));
    // Two outages; each connection (queue, interactive, change events, BullMQ's own) and each
    // limiter says so once: a handful of lines, where one per reconnect attempt or per command would be hundreds.
    assert.ok(unavailable.length >= 1 && unavailable.length <= 24, `${unavailable.length} lines:\n${unavailable.join('\n')}`);
  });
});
