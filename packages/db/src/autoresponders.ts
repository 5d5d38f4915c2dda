import type { DbTx } from './client.ts';

/**
 * Autoresponders of the given mailboxes that are switched on and inside
 * their dates now, with what the reply needs.
 */
export async function activeAutoresponders(db: DbTx, mailboxIds: number[], now = new Date()) {
  if (!mailboxIds.length) return [];
  const where = {
    mailboxId: { in: mailboxIds },
    enabled: true,
    AND: [{ OR: [{ startsAt: null }, { startsAt: { lte: now } }] }, { OR: [{ endsAt: null }, { endsAt: { gte: now } }] }],
  };
  // Asked after every delivery and nearly always empty: one cheap query
  // first (the include below costs a query per relation).
  if ((await db.autoresponder.count({ where })) === 0) return [];
  const rows = await db.autoresponder.findMany({
    where,
    include: { mailbox: { select: { localPart: true, displayName: true, active: true, domain: { select: { name: true } } } } },
  });
  return rows
    .filter((r) => r.mailbox.active)
    .map((r) => ({
      id: r.id,
      mailboxId: r.mailboxId,
      address: `${r.mailbox.localPart}@${r.mailbox.domain.name}`,
      displayName: r.mailbox.displayName,
      subject: r.subject,
      body: r.body,
      intervalDays: r.intervalDays,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      enabled: r.enabled,
    }));
}

/**
 * Claims the right to answer `sender` now: true at most once per
 * `intervalDays` per sender, however many workers ask at the same moment
 * (one row per autoresponder and sender, updated only when old enough).
 */
export async function claimAutoreply(db: DbTx, autoresponderId: number, sender: string, intervalDays: number, now = new Date()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - Math.max(0, intervalDays) * 86_400_000);
  const rows = await db.$queryRaw<Array<{ id: number }>>`
    INSERT INTO "AutoresponderReply" ("autoresponderId", sender, "repliedAt")
    VALUES (${autoresponderId}, ${sender.toLowerCase()}, ${now})
    ON CONFLICT ("autoresponderId", sender) DO UPDATE SET "repliedAt" = EXCLUDED."repliedAt"
    WHERE "AutoresponderReply"."repliedAt" <= ${cutoff}
    RETURNING id`;
  return rows.length > 0;
}

/** Forgets a claim when the reply could not be sent after all. */
export async function releaseAutoreplyClaim(db: DbTx, autoresponderId: number, sender: string): Promise<void> {
  await db.autoresponderReply.deleteMany({ where: { autoresponderId, sender: sender.toLowerCase() } });
}
