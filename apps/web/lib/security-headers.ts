/**
 * The headers every panel response carries. The Content-Security-Policy
 * allows scripts only with the request's nonce (Next.js reads it from the
 * request's own CSP header and puts it on the scripts it renders), so an
 * injected <script> or inline handler does not run. Used by server.ts, not
 * by Next's bundles.
 */
import { randomBytes } from 'node:crypto';

export interface SecurityHeaderOptions {
  /** The panel is reached over https (PUBLIC_URL): add HSTS and upgrade-insecure-requests. */
  https: boolean;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(nonce: string, options: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** The fixed headers, beside the per-request CSP. */
export function staticSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (options.https) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}
