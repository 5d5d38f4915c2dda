/**
 * DMARC evaluations of received mail: the one writer of DmarcEvaluation.
 * maild records one per accepted (or refused) message whose sender domain
 * publishes rua=; the daily report job reads them per policy domain and
 * prunes what it reported.
 */
import type { Db, DbTx } from './client.ts';

export interface DmarcEvaluationInput {
  policyDomain: string;
  headerFrom: string;
  envelopeFrom: string;
  sourceIp: string;
  dkimAligned: boolean;
  spfAligned: boolean;
  disposition: 'none' | 'quarantine' | 'reject';
  dkimResults: Array<{ domain: string; selector?: string; result: string }>;
  spfResults: Array<{ domain: string; scope?: string; result: string }>;
  policy: { p: string; sp?: string; pct?: number; adkim: 'r' | 's'; aspf: 'r' | 's' };
  rua: string[];
}

export async function recordDmarcEvaluation(db: Db, input: DmarcEvaluationInput): Promise<void> {
  if (!input.rua.length) return;
  await db.dmarcEvaluation.create({ data: { ...input, policyDomain: input.policyDomain.toLowerCase(), headerFrom: input.headerFrom.toLowerCase() } });
}

/** Evaluations received before `before`, grouped by policy domain (the reports to send). */
export async function dmarcEvaluationsByDomain(db: DbTx, before: Date) {
  const rows = await db.dmarcEvaluation.findMany({ where: { receivedAt: { lt: before } }, orderBy: { id: 'asc' }, take: 100_000 });
  const byDomain = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byDomain.get(row.policyDomain);
    if (list) list.push(row);
    else byDomain.set(row.policyDomain, [row]);
  }
  return byDomain;
}

/** Removes reported evaluations. */
export async function pruneDmarcEvaluations(db: Db, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return (await db.dmarcEvaluation.deleteMany({ where: { id: { in: ids } } })).count;
}
