import type { Db } from './client.ts';

/**
 * The hosted domain Kontor's own reports (DMARC aggregate, TLS-RPT) come
 * from and are DKIM-signed for: the one MAIL_HOSTNAME belongs to (the
 * longest match), else the first active domain; undefined with none.
 */
export async function reportingDomain(db: Db, hostname: string): Promise<string | undefined> {
  const domains = await db.domain.findMany({ where: { active: true }, select: { name: true }, orderBy: { id: 'asc' } });
  const host = hostname.toLowerCase();
  const containing = domains.filter((d) => host === d.name || host.endsWith(`.${d.name}`)).sort((a, b) => b.name.length - a.name.length)[0];
  return (containing ?? domains[0])?.name;
}
