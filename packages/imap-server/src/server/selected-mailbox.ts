/**
 * A session's view of its selected mailbox: the UIDs in sequence-number
 * order and the MODSEQ it has caught up to, nothing more (flags and
 * bodies are read from storage when a command needs them), so an idle
 * session costs a few bytes per message.
 *
 * The view changes only when the session tells the client: new messages
 * become `* n EXISTS`, expunged ones `* n EXPUNGE` (or `* VANISHED` under
 * QRESYNC) at the moments RFC 3501 §7.4.1 allows; until then an expunged
 * message keeps its sequence number (pending).
 */
import { evaluateSequenceNumbers, evaluateSequenceSet, type SequenceSet } from '../protocol/sequence-set.ts';

export class SelectedMailbox {
  /** UIDs by sequence number - 1, ascending. */
  uids: number[];
  /** Highest UID ever in the view: anything above is new. */
  maxUid: number;
  /** Changes up to here have been told to the client. */
  knownModseq: bigint;
  /** Expunged in storage, not yet announced: still in `uids`. */
  readonly pendingExpunges = new Set<number>();
  /** \Recent for this session. */
  readonly recent = new Set<number>();
  /** A change event arrived (or the session changed something): sync before the next tagged reply. */
  dirty = false;
  /** uid → MODSEQ this session already sent a FETCH for (its own STORE), skipped by the next sync. */
  readonly reported = new Map<number, bigint>();
  /**
   * SEARCHRES (RFC 5182): the UIDs the last `SEARCH RETURN (SAVE)` found,
   * what `$` means. Empty after SELECT/EXAMINE (a new view); expunged
   * messages leave it (§2.1); new messages never join it.
   */
  savedResult: number[] = [];
  /** Keywords announced in `* FLAGS` (lower case → as first seen); server/keywords.ts. */
  readonly keywords = new Map<string, string>();

  constructor(
    readonly id: number,
    public name: string,
    readonly readOnly: boolean,
    readonly uidValidity: number,
    uids: number[],
    knownModseq: bigint,
  ) {
    this.uids = uids;
    this.maxUid = uids[uids.length - 1] ?? 0;
    this.knownModseq = knownModseq;
  }

  get exists(): number {
    return this.uids.length;
  }

  /** 1-based sequence number of `uid`, 0 when it is not in the view. */
  seqOf(uid: number): number {
    let low = 0;
    let high = this.uids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.uids[mid]! < uid) low = mid + 1;
      else high = mid;
    }
    return this.uids[low] === uid ? low + 1 : 0;
  }

  /**
   * The UIDs a FETCH/STORE/COPY/SEARCH set names, ascending. Sequence
   * numbers beyond the mailbox are an error (BAD); UIDs that do not exist
   * are simply not there (RFC 3501 §6.4.8).
   */
  resolve(set: SequenceSet, byUid: boolean): { uids: number[] } | { error: string } {
    // `$` means the same messages in FETCH and UID FETCH (RFC 5182 §2.1).
    if (set.kind === 'saved') return { uids: this.savedResult.filter((uid) => this.seqOf(uid) > 0) };
    if (byUid) return { uids: evaluateSequenceSet(set, this.uids) };
    // `n:*` is fine whatever n is (a client's "everything from here"); a plain number past the end is not.
    for (const range of set.ranges) {
      if (range.start === '*' || range.end === '*') continue;
      const high = Math.max(range.start, range.end);
      if (high > this.uids.length) return { error: `Invalid message sequence number: ${high} (the mailbox has ${this.uids.length})` };
    }
    return { uids: evaluateSequenceNumbers(set, this.uids.length).map((seq) => this.uids[seq - 1]!) };
  }

  /** Adds new UIDs (ascending, all above maxUid). */
  append(uids: readonly number[]): void {
    for (const uid of uids) {
      if (uid <= this.maxUid) continue;
      this.uids.push(uid);
      this.maxUid = uid;
    }
  }

  /** Removes a UID from the view; returns the sequence number it had (0 if absent). */
  remove(uid: number): number {
    const seq = this.seqOf(uid);
    if (seq > 0) this.uids.splice(seq - 1, 1);
    this.recent.delete(uid);
    this.pendingExpunges.delete(uid);
    const saved = this.savedResult.indexOf(uid);
    if (saved >= 0) this.savedResult.splice(saved, 1);
    return seq;
  }

  /** The flags as this session shows them (\Recent added). */
  flagsOf(uid: number, flags: readonly string[]): string[] {
    return this.recent.has(uid) ? [...flags, '\\Recent'] : [...flags];
  }
}
