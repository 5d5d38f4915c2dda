import type { Logger } from '@kontor/core';
import type { MailStore } from '@kontor/mailstore';
import type { Queue } from 'bullmq';

export interface OutboxRelayOptions {
  /** How often every relay looks for rows (other processes' commits, rows left by a crash or an outage). */
  pollMs?: number;
  /** How long a claim lasts: another relay may take the rows after that. */
  leaseMs?: number;
  batchSize?: number;
}

/**
 * Hands outbox rows (packages/mailstore/src/outbox.ts) to BullMQ: claims a
 * batch, adds each job with the id `outbox-<row id>`, deletes the rows once
 * the adds succeeded. Woken right after a commit in this process (notify)
 * and by a timer for everything else. Safe in several processes: claims
 * skip each other's rows, and an add repeated after a lapsed claim or a
 * crash finds the job there already and changes nothing.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly deps: { store: MailStore; queues: ReadonlyMap<string, Queue>; log: Logger },
    options: OutboxRelayOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.batchSize = options.batchSize ?? 100;
  }

  start(): void {
    this.timer = setInterval(() => this.notify(), this.pollMs);
    this.timer.unref();
    this.notify();
  }

  /** Something was committed: relay it now (runs are never concurrent within a process). */
  notify(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'outbox relay: rows left for the next run'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.notify();
        }
      });
  }

  /** Stops; a run waiting for Redis is left behind after a few seconds (its rows stay for the next start). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.deps.store.claimOutbox({ limit: this.batchSize, leaseMs: this.leaseMs });
      if (!rows.length) return;
      const done: bigint[] = [];
      const byQueue = new Map<string, typeof rows>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [name, batch] of byQueue) {
        const queue = this.deps.queues.get(name);
        if (!queue) {
          // Another role's queue (a process without it): its own relay takes these once the claim lapses.
          this.deps.log.warn({ queue: name, rows: batch.length }, 'outbox relay: no such queue here');
          continue;
        }
        // Redis away: this waits (the queue connection retries) and the rows stay until it answers.
        await queue.addBulk(batch.map((row) => ({ name: row.name, data: row.data, opts: { jobId: row.jobId } })));
        done.push(...batch.map((row) => row.id));
      }
      await this.deps.store.completeOutbox(done);
      if (done.length) this.deps.log.debug({ jobs: done.length }, 'outbox relayed');
      if (rows.length < this.batchSize || done.length < rows.length) return;
    }
  }
}
