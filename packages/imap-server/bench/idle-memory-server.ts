// The server side of idle-memory.ts: an in-memory IMAP server in its own
// process, reporting its memory on request.
import net from 'node:net';
import tls from 'node:tls';
import { createImapServer } from '../src/server/imap-server.ts';
import { testCertificate } from '../src/testing/harness.ts';
import { MemoryStorage } from '../src/testing/memory-storage.ts';

const storage = new MemoryStorage();
storage.addUser('alice@example.test', 'secret');
for (let i = 0; i < 200; i++) storage.deliver('alice@example.test', 'INBOX', `Subject: m${i}\r\n\r\nbody\r\n`);
const cert = testCertificate();
const imap = createImapServer({ storage, auth: storage.authenticator(), tls: cert, allowPlaintextLoopback: true });
const plain = net.createServer((s) => imap.handle(s, { secure: false }));
const secure = tls.createServer(cert, (s) => imap.handle(s, { secure: true }));
plain.listen(0, '127.0.0.1', () => {
  secure.listen(0, '127.0.0.1', () => {
    process.send!({ port: (plain.address() as net.AddressInfo).port, tlsPort: (secure.address() as net.AddressInfo).port });
  });
});
process.on('message', () => {
  global.gc?.();
  const m = process.memoryUsage();
  process.send!({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, connections: imap.connections });
});
