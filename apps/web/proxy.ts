import { type NextRequest, NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';

/**
 * Sends a visitor without a session to the sign-in page, remembering where
 * they were going. Only a first line: every page and action re-checks the
 * session and re-reads the account (lib/session.ts).
 */
export async function proxy(request: NextRequest) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return NextResponse.next();
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret) return NextResponse.next();
  try {
    // The cookie is __Secure- prefixed when the panel is reached over HTTPS.
    const token = (await getToken({ req: request, secret, secureCookie: true })) ?? (await getToken({ req: request, secret, secureCookie: false }));
    if (token) return NextResponse.next();
  } catch {
    return NextResponse.next();
  }
  const back = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const target = request.nextUrl.clone();
  target.pathname = '/signin';
  target.search = back === '/' ? '' : `?callbackUrl=${encodeURIComponent(back)}`;
  return NextResponse.redirect(target);
}

export const config = {
  // Client self-configuration (autoconfig, autodiscover, Apple profiles) is public: mail clients ask without a session.
  // ACME's CA fetches HTTP-01 challenges without a session (app/.well-known/acme-challenge), and senders the MTA-STS policy.
  // Monitoring (metrics, healthz, readyz) answers scrapers and probes without a session; /metrics checks its token or peer itself.
  // The REST API authenticates with its own keys (lib/api/handler.ts); its reference page is public like its OpenAPI document.
  // Webmail's upload and compose routes check the session themselves, and a request the proxy runs for has its body
  // buffered up to 10 MB and cut there (Next's proxyClientMaxBodySize): an attachment must reach the route whole.
  matcher: [
    '/((?!api/auth|api/v1/|webmail/upload|webmail/compose/draft|webmail/compose/send|api-docs|signin|mail/config-v1.1.xml|.well-known/autoconfig|.well-known/acme-challenge/|.well-known/mta-sts.txt|autodiscover|Autodiscover|apple/|_next/static|_next/image|favicon.ico|robots.txt|metrics|healthz|readyz).*)',
  ],
};
