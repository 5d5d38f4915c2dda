/**
 * The panel's HTTP server: Next.js behind a plain Node server, so that
 * every response gets the security headers and the route code learns the
 * socket's peer address (which `next start` hides; lib/client-ip.ts needs it
 * to decide whether X-Forwarded-For comes from a trusted proxy).
 * Started by npm start and the Docker image: `node --import tsx server.ts`.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@kontor/core';
import next from 'next';
import { PEER_ADDRESS_HEADER } from './lib/peer-address.ts';
import { hasMalformedPathEscape } from './lib/request-path.ts';
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from './lib/security-headers.ts';
import { ensureFramingHeaders, ROUTE_OWNED_HEADERS, routeSetsOwnFramingHeaders } from './lib/webmail/message-route-headers.ts';

const config = loadConfig();
const port = config.WEB_PORT;
const hostname = config.BIND_ADDRESS;
const options = { https: config.PUBLIC_URL?.startsWith('https:') ?? false };
const fixedHeaders = staticSecurityHeaders(options);

const app = next({ dev: false, dir: path.dirname(fileURLToPath(import.meta.url)), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((request, response) => {
  request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
  const policy = contentSecurityPolicy(newNonce(), options);
  // Next.js takes the nonce from the request's policy and renders it into its scripts.
  request.headers['content-security-policy'] = policy;
  // The message frame and attachment routes send their own CSP and X-Frame-Options (lib/webmail/message-route-headers.ts).
  const routeOwned: readonly string[] = routeSetsOwnFramingHeaders(request.url) ? ROUTE_OWNED_HEADERS : [];
  if (routeOwned.length) ensureFramingHeaders(response);
  else response.setHeader('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(fixedHeaders)) if (!routeOwned.includes(name.toLowerCase())) response.setHeader(name, value);
  if (hasMalformedPathEscape(request.url)) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the address holds a malformed percent-escape.\n');
    return;
  }
  void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`kontor web listening on http://${hostname}:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
