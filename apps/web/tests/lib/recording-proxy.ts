// A forward proxy for Chromium that sees every request any frame makes,
// sandboxed ones included (Playwright's request events miss those): the web
// app's own origin is passed through, every other host is recorded and
// refused, except one "remote image host" whose https requests it answers
// itself (TLS with a throwaway certificate; Chromium runs with
// --ignore-certificate-errors), so allowed remote images really load.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { freePort } from '@kontor/core/ports';

export interface RecordingProxy {
  /** For --proxy-server. */
  url: string;
  /** Every request for a host other than the web app's: `https://host:port` for tunnels, the full URL for plain http. */
  remote: string[];
  /** Paths (with query) asked of the web app. */
  local: string[];
  /** Requests the image host answered (https URLs). */
  served: string[];
  reset(): void;
  /** The Chromium switches that route everything, loopback included, through this proxy. */
  chromiumArgs(): string[];
  stop(): Promise<void>;
}

// Chromium's own background calls (account and component services) reach the proxy too; no test mail uses these hosts.
const BROWSER_SERVICES = /^https?:\/\/([\w-]+\.)*(google\.com|googleapis\.com|gstatic\.com)(:\d+)?(\/|$)/;

/** A 600×160 banner, the "remote image" of the test newsletter. */
export const BANNER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="160" viewBox="0 0 600 160"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#4f46e5"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs><rect width="600" height="160" rx="12" fill="url(#g)"/><text x="32" y="96" font-family="sans-serif" font-size="40" font-weight="700" fill="#fff">Spring offers</text></svg>`;

function selfSignedCertificate(host: string): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-proxy-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
      ],
      {
        stdio: 'ignore',
      },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startRecordingProxy(options: { origin: string; imageHost: string }): Promise<RecordingProxy> {
  const origin = new URL(options.origin);
  const remote: string[] = [];
  const local: string[] = [];
  const served: string[] = [];
  const tls = selfSignedCertificate(options.imageHost);

  // What the image host answers inside a tunnel.
  const imageServer = createServer((request, response) => {
    served.push(`https://${options.imageHost}${request.url}`);
    response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' }).end(BANNER_SVG);
  });

  function forward(request: IncomingMessage, response: ServerResponse, target: URL) {
    local.push(target.pathname + target.search);
    const upstream = httpRequest(
      { host: origin.hostname, port: origin.port, method: request.method, path: target.pathname + target.search, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  }

  const server: Server = createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (target.host === origin.host) return forward(request, response, target);
    if (!BROWSER_SERVICES.test(target.href)) remote.push(target.href);
    response.writeHead(403).end();
  });
  server.on('connect', (request, socket) => {
    const authority = request.url ?? '';
    if (!BROWSER_SERVICES.test(`https://${authority}`)) remote.push(`https://${authority}`);
    if (authority !== `${options.imageHost}:443`) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const secure = new TLSSocket(socket, { isServer: true, key: tls.key, cert: tls.cert });
    secure.on('error', () => secure.destroy());
    imageServer.emit('connection', secure);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    remote,
    local,
    served,
    reset() {
      remote.length = 0;
      local.length = 0;
      served.length = 0;
    },
    chromiumArgs: () => [`--proxy-server=${url}`, '--proxy-bypass-list=<-loopback>', '--ignore-certificate-errors'],
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      imageServer.close();
    },
  };
}
