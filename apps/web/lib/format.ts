import 'server-only';
import { unicodeAddress } from '@kontor/core';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/** "admin:jane@example.com" → "jane@example.com"; "cli", "system" as they are. */
export function formatActor(actor: string): string {
  return actor.startsWith('admin:') ? actor.slice('admin:'.length) : actor;
}

type Snapshot = Record<string, unknown> | null | undefined;

function asSnapshot(value: unknown): Snapshot {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * A name a person recognises for an audit row's target, from the row's
 * before/after snapshots; `typeName` names its type in the panel's language
 * (the CSV export keeps the code).
 */
export function auditTargetLabel(
  entry: { targetType: string; targetId: string; domainId: number | null; before: unknown; after: unknown },
  domainNames: ReadonlyMap<number, string> = new Map(),
  typeName: (type: string) => string = (type) => type,
): string {
  const snapshot = asSnapshot(entry.after) ?? asSnapshot(entry.before);
  const pick = (...keys: string[]) => {
    for (const key of keys) {
      const value = snapshot?.[key];
      if (typeof value === 'string' && value) return value;
    }
    return undefined;
  };
  const domainId = typeof snapshot?.domainId === 'number' ? snapshot.domainId : entry.domainId;
  const localPart = typeof snapshot?.localPart === 'string' ? snapshot.localPart : undefined;
  // Snapshots hold addresses as stored (ASCII); an API key is known by its name.
  const address = pick('displayAddress', 'address');
  const name =
    (address && unicodeAddress(address)) ??
    pick('unicodeName', 'email', 'name') ??
    (localPart ? `${localPart}@${(domainId && domainNames.get(domainId)) || '…'}` : undefined);
  const type = typeName(entry.targetType);
  return name ? `${type} ${name}` : `${type} #${entry.targetId}`;
}
