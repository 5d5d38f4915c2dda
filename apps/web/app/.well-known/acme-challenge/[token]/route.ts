/**
 * ACME HTTP-01 (RFC 8555 section 8.3): the CA fetches
 * http://<name>/.well-known/acme-challenge/<token> and expects the key
 * authorization the certificate job stored for it. Served without sign-in
 * (proxy.ts lets this path through), by any web process, from PostgreSQL.
 */
import { acmeChallengeAnswer } from '@kontor/db';
import { getDb } from '@/lib/db.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const answer = await acmeChallengeAnswer(getDb(), token);
  if (answer === null)
    return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return new Response(answer, { headers: { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' } });
}
