import 'server-only';
import type { MessageAddressObject } from 'imapflow';
import { type ImapLogin, withImap } from '../imap-pool.ts';
import type { Correspondent } from './compose-input.ts';

/**
 * Address suggestions for the compose form: the people in the latest
 * envelopes of INBOX (senders) and Sent (recipients), most frequent first.
 * Read over IMAP like everything else and kept per session in memory for
 * a while, so opening the form again costs nothing.
 */
const TTL_MS = 10 * 60_000;
const PER_FOLDER = 300;
const MAX_SUGGESTIONS = 500;

interface Cached {
  at: number;
  list: Correspondent[];
}

declare global {
  var kontorCorrespondents: Map<string, Cached> | undefined;
}

function cache(): Map<string, Cached> {
  globalThis.kontorCorrespondents ??= new Map();
  return globalThis.kontorCorrespondents;
}

interface Tally {
  name: string;
  address: string;
  score: number;
}

/** Compose reads other folders than the one the user has open: IDLE stays on that one. */
const COMPOSE_BESIDE_OPEN_FOLDER = { watch: false };

async function collect(login: ImapLogin, path: string, fields: Array<'from' | 'to' | 'cc' | 'replyTo'>, weight: number, tally: Map<string, Tally>) {
  await withImap(
    login,
    path,
    async (client) => {
      const exists = client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.exists : 0;
      if (!exists) return;
      for await (const message of client.fetch(`${Math.max(1, exists - PER_FOLDER + 1)}:*`, { envelope: true })) {
        for (const field of fields) {
          for (const entry of (message.envelope?.[field] ?? []) as MessageAddressObject[]) {
            const address = entry.address?.trim();
            if (!address?.includes('@')) continue;
            const key = address.toLowerCase();
            const known = tally.get(key) ?? { name: '', address, score: 0 };
            known.score += weight;
            // Later envelopes are newer: their display name wins.
            if (entry.name?.trim()) known.name = entry.name.trim();
            tally.set(key, known);
          }
        }
      }
    },
    COMPOSE_BESIDE_OPEN_FOLDER,
  );
}

export async function correspondents(login: ImapLogin, folders: { sent: string | null }, own: Set<string>): Promise<Correspondent[]> {
  const cached = cache().get(login.sessionId);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.list;
  const tally = new Map<string, Tally>();
  await collect(login, 'INBOX', ['from', 'replyTo', 'cc'], 1, tally).catch(() => undefined);
  // Someone the user wrote to counts more than someone who wrote.
  if (folders.sent) await collect(login, folders.sent, ['to', 'cc'], 3, tally).catch(() => undefined);
  const list = [...tally.entries()]
    .filter(([key]) => !own.has(key) && !/^(no-?reply|mailer-daemon|postmaster)@/i.test(key))
    .map(([, entry]) => entry)
    .sort((a, b) => b.score - a.score || a.address.localeCompare(b.address))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ name, address }) => ({ name, address }));
  for (const [sessionId, entry] of cache()) if (Date.now() - entry.at > TTL_MS) cache().delete(sessionId);
  cache().set(login.sessionId, { at: Date.now(), list });
  return list;
}

/** After sending: the new recipients are suggested next time. */
export function forgetCorrespondents(sessionId: string): void {
  cache().delete(sessionId);
}
