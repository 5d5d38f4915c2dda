/**
 * A session's view of its maildrop: the list fixed at login plus the
 * messages marked deleted in this session (RFC 1939: DELE marks, RSET
 * unmarks, only QUIT removes).
 */
import type { MaildropIndex } from './protocol/arguments.ts';
import type { Maildrop, MaildropMessage } from './storage.ts';

export class MaildropView implements MaildropIndex {
  private readonly deleted = new Set<number>();

  constructor(readonly maildrop: Maildrop) {}

  get count(): number {
    return this.maildrop.messages.length;
  }

  isDeleted(index: number): boolean {
    return this.deleted.has(index);
  }

  message(index: number): MaildropMessage {
    const message = this.maildrop.messages[index];
    if (!message) throw new RangeError(`No message at index ${index}`);
    return message;
  }

  markDeleted(index: number): void {
    this.deleted.add(index);
  }

  /** RSET. */
  unmarkAll(): void {
    this.deleted.clear();
  }

  /** Messages not marked deleted, with their numbers. */
  live(): Array<{ number: number; index: number; message: MaildropMessage }> {
    const live = [];
    for (const [index, message] of this.maildrop.messages.entries()) {
      if (!this.deleted.has(index)) live.push({ number: index + 1, index, message });
    }
    return live;
  }

  /** STAT: count and octets of the messages not marked deleted. */
  stat(): { count: number; octets: number } {
    let count = 0;
    let octets = 0;
    for (const { message } of this.live()) {
      count++;
      octets += message.size;
    }
    return { count, octets };
  }

  deletedIndexes(): number[] {
    return [...this.deleted].sort((a, b) => a - b);
  }
}
