/**
 * Change events: after every commit that changes a mailbox, one message on
 * the Redis channel `kontor:mailbox:<id>`. IMAP IDLE (and NOTIFY, webmail
 * push) in any maild instance listens there.
 *
 * Subscribing is cheap: a process holds ONE subscriber connection, one Redis
 * channel per mailbox with at least one listener, and a set of listeners per
 * channel, so thousands of idle sessions cost a map entry each.
 *
 * Delivery is at most once (Redis pub/sub): an event is a wake-up, not the
 * truth. A listener re-reads the folder (changesSince) to learn what changed.
 */
import type { Logger } from '@kontor/core';
import { reportRedisOutages } from '@kontor/core/redis';
import type { Redis } from 'ioredis';

export type ChangeKind = 'exists' | 'flags' | 'expunge' | 'folders';

export type ChangeEvent = {
  mailboxId: number;
  folderId: number;
  kind: ChangeKind;
  /** The UIDs concerned (new, changed or expunged); empty for 'folders'. */
  uids: number[];
  /** The folder's HIGHESTMODSEQ after the change; null for 'folders'. */
  modseq: bigint | null;
};

export type ChangeListener = (event: ChangeEvent) => void;
export type Unsubscribe = () => Promise<void>;

/** Channel of a mailbox's events: `<prefix>:mailbox:<id>`. */
export function mailboxChannel(mailboxId: number, prefix = 'kontor'): string {
  return `${prefix}:mailbox:${mailboxId}`;
}

type Wire = { f: number; k: ChangeKind; u: number[]; m: string | null };

export class ChangeEvents {
  private subscriber: Redis | null = null;
  private closed = false;
  private readonly listeners = new Map<number, Set<ChangeListener>>();
  /** Per channel, the SUBSCRIBE/UNSUBSCRIBE in flight, so they apply in order. */
  private readonly pending = new Map<number, Promise<unknown>>();

  /**
   * `redis` publishes (a normal connection, owned by the caller); the
   * subscriber connection is its duplicate, made on the first subscribe and
   * closed by close().
   */
  private readonly channelPrefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    /** REDIS_PREFIX: installations (and test runs) sharing a Redis do not hear each other. */
    private readonly prefix = 'kontor',
  ) {
    this.channelPrefix = mailboxChannel(0, prefix).slice(0, -1);
  }

  /** Publishes an event; never throws (a lost wake-up is not worth a failed delivery). */
  async publish(event: ChangeEvent): Promise<void> {
    const wire: Wire = { f: event.folderId, k: event.kind, u: event.uids, m: event.modseq === null ? null : String(event.modseq) };
    try {
      await this.redis.publish(mailboxChannel(event.mailboxId, this.prefix), JSON.stringify(wire));
    } catch (error) {
      this.log.warn({ err: error, mailboxId: event.mailboxId, kind: event.kind }, 'change event not published');
    }
  }

  /**
   * Calls `listener` for every event of the mailbox until the returned
   * function is called. Resolves once the subscription is active, so a caller
   * that subscribes and then reads the folder misses nothing in between.
   */
  async subscribe(mailboxId: number, listener: ChangeListener): Promise<Unsubscribe> {
    let set = this.listeners.get(mailboxId);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(mailboxId, set);
    }
    set.add(listener);
    if (first) await this.queue(mailboxId, (sub) => sub.subscribe(mailboxChannel(mailboxId, this.prefix)));
    else await this.pending.get(mailboxId);
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      const current = this.listeners.get(mailboxId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(mailboxId);
        await this.queue(mailboxId, (sub) => sub.unsubscribe(mailboxChannel(mailboxId, this.prefix)));
      }
    };
  }

  /** Mailboxes with at least one listener in this process. */
  get subscribedCount(): number {
    return this.listeners.size;
  }

  /** Closes the subscriber connection (the publishing one belongs to the caller). */
  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await Promise.all(this.pending.values());
    const sub = this.subscriber;
    this.subscriber = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  private queue(mailboxId: number, step: (sub: Redis) => Promise<unknown>): Promise<void> {
    const previous = this.pending.get(mailboxId) ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(() => (this.closed ? undefined : step(this.connection())))
      .then(
        () => undefined,
        (error: unknown) => {
          this.log.warn({ err: error, mailboxId }, 'change event subscription failed');
        },
      );
    this.pending.set(mailboxId, next);
    void next.then(() => {
      if (this.pending.get(mailboxId) === next) this.pending.delete(mailboxId);
    });
    return next;
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const sub = this.redis.duplicate();
    sub.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    reportRedisOutages(sub, this.log, 'change events');
    this.subscriber = sub;
    return sub;
  }

  private dispatch(channel: string, message: string): void {
    if (!channel.startsWith(this.channelPrefix)) return;
    const mailboxId = Number(channel.slice(this.channelPrefix.length));
    const set = this.listeners.get(mailboxId);
    if (!set) return;
    let event: ChangeEvent;
    try {
      const wire = JSON.parse(message) as Wire;
      event = { mailboxId, folderId: wire.f, kind: wire.k, uids: wire.u ?? [], modseq: wire.m === null ? null : BigInt(wire.m) };
    } catch (error) {
      this.log.warn({ err: error, channel }, 'unreadable change event');
      return;
    }
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn({ err: error, mailboxId }, 'change listener failed');
      }
    }
  }
}
