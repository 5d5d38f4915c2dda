// FETCH BINARY / BINARY.PEEK / BINARY.SIZE (RFC 3516) and APPEND of a literal8.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer, USER } from '../testing/harness.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const MIXED = [
  'From: Bob <bob@example.org>',
  'Subject: binary parts',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe, caf=C3=A9',
  '--b',
  'Content-Type: image/png',
  'Content-Transfer-Encoding: base64',
  '',
  PNG.toString('base64'),
  '--b',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: x-uuencode',
  '',
  'begin 644 x',
  '--b--',
  '',
].join('\r\n');

describe('FETCH BINARY (RFC 3516)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    server.storage.deliver(USER, 'INBOX', MIXED);
    await (await server.selectInbox()).logout();
  });
  after(() => server.close());

  it('decodes quoted-printable and base64 parts; BINARY.SIZE is the decoded size', async () => {
    const client = await server.selectInbox();
    const text = await client.command('FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])');
    const decoded = Buffer.from('Grüße, café');
    assert.equal(text.untagged[0], `* 1 FETCH (BINARY[1] {${decoded.length}}\r\nGrüße, café BINARY.SIZE[1] ${decoded.length})`);
    // The PNG holds NUL octets: a literal8.
    const image = (await client.command('FETCH 1 (BINARY.PEEK[2])')).untagged[0]!;
    assert.ok(image.startsWith(`* 1 FETCH (BINARY[2] ~{${PNG.length}}\r\n`), image);
    assert.ok(image.endsWith('PNG\r\n\x1a\n\0\0\0\rIHDR)'), JSON.stringify(image));
    const partial = await client.command('FETCH 1 (BINARY.PEEK[1]<2.4>)');
    assert.equal(partial.untagged[0], '* 1 FETCH (BINARY[1]<2> {4}\r\nüß)');
    assert.deepEqual((await client.command('FETCH 1 (BINARY.SIZE[2] BINARY.SIZE[])')).untagged, [
      `* 1 FETCH (BINARY.SIZE[2] ${PNG.length} BINARY.SIZE[] ${server.storage.blobs.get('blob-1')!.length})`,
    ]);
    // The whole message is not decoded; it is sent as a literal8 as stored.
    const whole = (await client.command('FETCH 1 (BINARY.PEEK[])')).untagged[0]!;
    assert.ok(whole.startsWith(`* 1 FETCH (BINARY[] ~{${server.storage.blobs.get('blob-1')!.length}}\r\nFrom: Bob`), whole);
    await client.logout();
  });

  it('answers NO [UNKNOWN-CTE] for an encoding it cannot undo; BINARY without PEEK sets \\Seen', async () => {
    const client = await server.selectInbox();
    assert.match((await client.command('FETCH 1 (BINARY.PEEK[3])')).tagged, /NO \[UNKNOWN-CTE\]/);
    const seen = await client.command('FETCH 1 (BINARY[1])');
    assert.match(seen.untagged[0]!, /FLAGS \(\\Seen\)/);
    await client.logout();
  });

  it('APPEND takes a literal8 (~{n}) with NUL octets and stores it intact', async () => {
    const client = await server.login();
    const content = Buffer.concat([Buffer.from('Subject: raw\r\nContent-Transfer-Encoding: binary\r\n\r\n'), PNG, Buffer.from('\r\n')]);
    client.write(Buffer.concat([Buffer.from(`b1 APPEND Drafts ~{${content.length}+}\r\n`), content, Buffer.from('\r\n')]));
    assert.match((await client.result('b1')).tagged, /OK \[APPENDUID \d+ 1\]/);
    const drafts = server.storage.folderByName(USER, 'Drafts');
    assert.deepEqual(server.storage.blobs.get(drafts.messages.get(1)!.contentId), content);
    await client.logout();
  });
});
