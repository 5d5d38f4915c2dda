import type { DbTx } from './client.ts';

/** One outbound session as the TLS report counts it (RFC 8460 §4). */
export interface OutboundTlsSessionEntry {
  policyDomain: string;
  policyType: 'sts' | 'tlsa' | 'no-policy-found';
  policyStrings: string[];
  mxHost: string;
  receivingIp: string;
  /** `success` or an RFC 8460 §4.3 result type. */
  result: string;
  reason?: string;
}

/** The one writer of OutboundTlsSession: the outbound worker records each session it had with an MX host. */
export async function recordOutboundTlsSessions(db: DbTx, sessions: OutboundTlsSessionEntry[]): Promise<void> {
  if (!sessions.length) return;
  await db.outboundTlsSession.createMany({
    data: sessions.map((s) => ({ ...s, policyDomain: s.policyDomain.toLowerCase(), mxHost: s.mxHost.toLowerCase(), reason: s.reason ?? '' })),
  });
}

export type OutboundTlsSessionRow = Awaited<ReturnType<typeof outboundTlsSessions>>[number];

/** The sessions of one UTC day (`YYYY-MM-DD`), recipient domain by domain. */
export async function outboundTlsSessions(db: DbTx, day: string) {
  const start = new Date(`${day}T00:00:00.000Z`);
  const end = new Date(start.getTime() + 86_400_000);
  return db.outboundTlsSession.findMany({
    where: { at: { gte: start, lt: end } },
    orderBy: [{ policyDomain: 'asc' }, { id: 'asc' }],
    select: { policyDomain: true, policyType: true, policyStrings: true, mxHost: true, receivingIp: true, result: true, reason: true },
  });
}

/**
 * Claims the report of one day and recipient domain before it is sent:
 * false when another run (a retry, another instance) has it already. A
 * crash after the claim loses a report rather than sending it twice.
 */
export async function claimTlsReport(db: DbTx, report: { day: string; policyDomain: string; reportId: string; recipients: string[] }): Promise<boolean> {
  try {
    await db.tlsReportSent.create({ data: report });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false;
    throw error;
  }
}

/** Sessions older than `before` are of no report any more. */
export async function pruneOutboundTlsSessions(db: DbTx, before: Date): Promise<number> {
  const { count } = await db.outboundTlsSession.deleteMany({ where: { at: { lt: before } } });
  return count;
}
