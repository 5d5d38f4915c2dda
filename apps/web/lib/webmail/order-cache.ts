import 'server-only';
import type { ImapFlow, MailboxObject } from 'imapflow';

/**
 * maild answers SORT and THREAD with every UID of the folder (it has no
 * PARTIAL), and on a large folder that costs far more than the page's
 * FETCH. The answer only changes when messages come or go, so it is kept
 * per connection, keyed by the folder's UIDVALIDITY, UIDNEXT and message
 * count and by a counter that every EXISTS or EXPUNGE on the connection
 * moves on (an expunge and a delivery together leave the count as it was).
 * Flag changes do not reorder SORT by date, sender, subject or size, nor
 * THREAD, so a live refresh after one reuses the order.
 */
interface ConnectionCache {
  generation: number;
  entries: Map<string, unknown>;
}

/** Orders kept per connection: a few folders and views a user moves between. */
const ENTRIES_PER_CONNECTION = 8;

const caches = new WeakMap<ImapFlow, ConnectionCache>();

function cacheOf(client: ImapFlow): ConnectionCache {
  let cache = caches.get(client);
  if (!cache) {
    const created: ConnectionCache = { generation: 0, entries: new Map() };
    const bump = () => {
      created.generation += 1;
      created.entries.clear();
    };
    client.on('exists', bump);
    client.on('expunge', bump);
    caches.set(client, created);
    cache = created;
  }
  return cache;
}

/** The cached value for `what` in the selected folder, or `compute()`'s (then kept). */
export async function cachedOrder<T>(client: ImapFlow, what: string, compute: () => Promise<T>): Promise<T> {
  const cache = cacheOf(client);
  const mailbox = client.mailbox as MailboxObject | false;
  if (!mailbox) return compute();
  const key = [mailbox.path, String(mailbox.uidValidity), mailbox.uidNext, mailbox.exists, what].join('\u0000');
  if (cache.entries.has(key)) {
    const value = cache.entries.get(key) as T;
    // Most recently used last, so the oldest is dropped first.
    cache.entries.delete(key);
    cache.entries.set(key, value);
    return value;
  }
  const generation = cache.generation;
  const value = await compute();
  // A change that arrived while computing may or may not be in the answer: do not keep it.
  if (cache.generation === generation) {
    cache.entries.set(key, value);
    if (cache.entries.size > ENTRIES_PER_CONNECTION) cache.entries.delete(cache.entries.keys().next().value as string);
  }
  return value;
}
