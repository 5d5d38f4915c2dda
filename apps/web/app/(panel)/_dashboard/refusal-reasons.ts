/**
 * A refusal's SMTP reply (as DeliveryStat keys it) → the reason a person
 * reads, for the replies maild's inbound policy gives (apps/maild/src/smtp/
 * steps). Anything else is shown as the reply itself.
 */
export type RefusalReason =
  | 'unknownUser'
  | 'domainNoMail'
  | 'mailboxDisabled'
  | 'mailboxFull'
  | 'tooLarge'
  | 'dmarc'
  | 'relay'
  | 'helo'
  | 'badSender'
  | 'tooManyRecipients'
  | 'tooManyConnections'
  | 'aliasLoop'
  | 'temporary';

const PATTERNS: ReadonlyArray<readonly [RegExp, RefusalReason]> = [
  [/DMARC/i, 'dmarc'],
  [/Relay access denied/i, 'relay'],
  [/HELO/i, 'helo'],
  [/\b5\.1\.1\b|No such user/i, 'unknownUser'],
  [/\b5\.1\.2\b|does not accept mail/i, 'domainNoMail'],
  [/\b5\.2\.1\b|Mailbox disabled/i, 'mailboxDisabled'],
  [/\b[45]\.2\.2\b|Mailbox full/i, 'mailboxFull'],
  [/\b5\.3\.4\b|size exceeds/i, 'tooLarge'],
  [/\b5\.1\.7\b|sender address/i, 'badSender'],
  [/\b4\.5\.3\b|Too many recipients/i, 'tooManyRecipients'],
  [/\b4\.7\.0\b|Too many connections/i, 'tooManyConnections'],
  [/\b5\.4\.6\b|routing loop|chain too long/i, 'aliasLoop'],
  [/\b4\.3\.0\b|Temporary local problem/i, 'temporary'],
];

export function refusalReason(reply: string): RefusalReason | null {
  return PATTERNS.find(([pattern]) => pattern.test(reply))?.[1] ?? null;
}

export interface RefusalGroup {
  /** A known reason, or null: `replies[0]` is its own reason. */
  reason: RefusalReason | null;
  replies: string[];
  count: number;
}

/** Refusal counts by reply, grouped by the reason they share; most first. */
export function groupRefusals(rows: ReadonlyArray<{ reason: string; count: number }>): RefusalGroup[] {
  const groups = new Map<string, RefusalGroup>();
  for (const row of rows) {
    const reason = refusalReason(row.reason);
    const key = reason ?? `reply:${row.reason}`;
    const group = groups.get(key) ?? { reason, replies: [], count: 0 };
    group.replies.push(row.reason);
    group.count += row.count;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
