/**
 * One IMAP session: its state (RFC 3501 §3), the user, the extensions the
 * client enabled, the selected mailbox's view, and the untagged updates
 * that keep the client's view in step with the store.
 *
 * Command handlers receive the session; they write untagged responses with
 * `send()` and return the tagged completion. The connection (socket, TLS,
 * parser) stays behind `SessionIo`.
 */
import { isLoopback } from '@kontor/core/loopback';
import type { CommandName, SessionState } from '../protocol/commands.ts';
import type { DispatchSession } from '../protocol/dispatcher.ts';
import { astring, atom, encodeStatus, encodeUntagged, type ResponsePiece, type WireValue } from '../protocol/encoder.ts';
import { encodeMailboxName } from '../protocol/mailbox-name.ts';
import type { LineEvent } from '../protocol/parser.ts';
import type { ResponseCode } from '../protocol/response-codes.ts';
import { compactSequenceSet } from '../protocol/sequence-set.ts';
import type { ImapAuthenticator, ImapStorage, ImapUser, LoginThrottle } from '../storage.ts';
import { capabilities } from './capabilities.ts';
import { announceKeywords } from './keywords.ts';
import type { ImapLogger } from './logger.ts';
import { markRecent } from './recent.ts';
import type { SelectedMailbox } from './selected-mailbox.ts';

/** What a session needs of its connection. */
export interface SessionIo {
  /** Queues a response (written with backpressure; streams piped). */
  send(pieces: readonly ResponsePiece[] | Buffer): Promise<void>;
  /** Writes what is queued now (before waiting for the client). */
  flush(): Promise<void>;
  /** The client's next raw line (AUTHENTICATE answers, IDLE's DONE); null when the connection ended. */
  readLine(): Promise<LineEvent | null>;
  /** The next raw line if one is buffered (does not wait). */
  takeLine(): LineEvent | null;
  /** Resolves on input, on wake(), or when the connection ends or shuts down. */
  waitForInput(): Promise<void>;
  wake(): void;
  /** The server is shutting down or the peer left. */
  readonly ending: boolean;
}

export interface SessionOptions {
  storage: ImapStorage;
  auth: ImapAuthenticator;
  throttle?: LoginThrottle;
  log: ImapLogger;
  /** Names the server in the greeting and ID. */
  hostname: string;
  /** A certificate is configured: STARTTLS is offered on plain connections. */
  tlsAvailable: boolean;
  /** Accept LOGIN/AUTHENTICATE without TLS from a loopback address. */
  allowPlaintextLoopback: boolean;
}

export interface ClientInfo {
  address: string;
  port: number;
  secure: boolean;
}

const WATCH_WAIT_MS = 2000;

export class Session implements DispatchSession {
  state: SessionState = 'not-authenticated';
  readonly enabled = new Set<string>();
  user: ImapUser | null = null;
  selected: SelectedMailbox | null = null;
  /** Set by STARTTLS: the connection upgrades after the tagged OK. */
  startTlsRequested = false;
  /** In IDLE: the inactivity timeout may say BYE (no response is half-written). */
  idling = false;
  /** ID the client sent (logged). */
  clientId: Record<string, string | null> | null = null;
  private unwatch: (() => void) | null = null;
  private watching: Promise<void> | null = null;

  constructor(
    readonly options: SessionOptions,
    readonly io: SessionIo,
    readonly client: ClientInfo,
  ) {}

  get storage(): ImapStorage {
    return this.options.storage;
  }

  get log(): ImapLogger {
    return this.options.log;
  }

  get secure(): boolean {
    return this.client.secure;
  }

  /** UTF8=ACCEPT is on: names and strings go out as UTF-8. */
  get utf8(): boolean {
    return this.enabled.has('UTF8=ACCEPT');
  }

  /** CONDSTORE is in effect (enabled, or a CONDSTORE-enabling command was used): FETCH carries MODSEQ. */
  get condstore(): boolean {
    return this.enabled.has('CONDSTORE') || this.enabled.has('QRESYNC');
  }

  get qresync(): boolean {
    return this.enabled.has('QRESYNC');
  }

  /** RFC 7162 §3.1: a CONDSTORE-enabling command turns it on for the rest of the session. */
  enableCondstore(): void {
    this.enabled.add('CONDSTORE');
  }

  /** Passwords may be sent: TLS, or loopback when allowed. */
  get loginAllowed(): boolean {
    return this.client.secure || (this.options.allowPlaintextLoopback && isLoopback(this.client.address));
  }

  isAvailable(command: CommandName): boolean {
    if (command === 'STARTTLS') return !this.client.secure && this.options.tlsAvailable;
    return true;
  }

  capabilities(): string[] {
    return capabilities({
      authenticated: this.state === 'authenticated' || this.state === 'selected',
      secure: this.client.secure,
      tlsAvailable: this.options.tlsAvailable,
      loginAllowed: this.loginAllowed,
    });
  }

  // ---------------------------------------------------------------- output

  /** `* values...` */
  send(values: readonly WireValue[]): Promise<void> {
    return this.io.send(encodeUntagged(values, { utf8: this.utf8 }));
  }

  /** `* OK [code] text` and friends. */
  sendStatus(status: 'OK' | 'NO' | 'BAD' | 'BYE', text: string, code?: ResponseCode): Promise<void> {
    return this.io.send(encodeStatus(status, text, code));
  }

  /** A mailbox name as this session writes it (modified UTF-7 or UTF-8). */
  mailboxName(name: string): WireValue {
    return astring(encodeMailboxName(name, this.utf8));
  }

  // ---------------------------------------------------------------- login

  authenticated(user: ImapUser): void {
    this.user = user;
    this.state = 'authenticated';
  }

  // ---------------------------------------------------------------- selected mailbox

  /** Makes `mailbox` the selected one (after SELECT/EXAMINE did their reporting). */
  async select(mailbox: SelectedMailbox): Promise<void> {
    this.selected = mailbox;
    this.state = 'selected';
    await this.ensureWatching();
  }

  /** CLOSE, UNSELECT, a failed SELECT: back to authenticated. */
  deselect(): void {
    this.selected = null;
    if (this.state === 'selected') this.state = 'authenticated';
  }

  /**
   * Listens for store changes once per session (first SELECT); events mark
   * the view dirty. Waits for the subscription at most WATCH_WAIT_MS: a
   * slow pub/sub must not hold up SELECT (NOOP still finds every change).
   */
  private async ensureWatching(): Promise<void> {
    if (this.unwatch || !this.user) return;
    this.watching ??= this.storage
      .watch(this.user, (event) => {
        const selected = this.selected;
        if (selected && event.mailboxId === selected.id) {
          selected.dirty = true;
          this.io.wake();
        }
      })
      .then(
        (unwatch) => {
          if (this.state === 'logout') unwatch();
          else this.unwatch = unwatch;
        },
        (error: unknown) => {
          this.log.warn({ err: error, user: this.user?.username }, 'IMAP change notifications unavailable');
          this.watching = null;
        },
      );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.watching, new Promise<void>((resolve) => (timer = setTimeout(resolve, WATCH_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Connection ended: stop listening. */
  close(): void {
    this.state = 'logout';
    this.selected = null;
    this.unwatch?.();
    this.unwatch = null;
  }

  /**
   * Tells the client what changed in the selected mailbox since it last
   * heard: expunges (only when `expunges`: not during FETCH, STORE,
   * SEARCH, RFC 3501 §7.4.1), new messages (EXISTS, RECENT) and flag
   * changes made by others (FETCH). Throws StorageError NONEXISTENT when
   * the mailbox is gone (see updates.ts).
   */
  async sync(options: { expunges: boolean }): Promise<void> {
    const view = this.selected;
    if (!view) return;
    view.dirty = false;
    const changes = await this.storage.changesSince(view.id, view.knownModseq);

    for (const uid of changes.vanished) if (view.seqOf(uid) > 0) view.pendingExpunges.add(uid);
    if (options.expunges && view.pendingExpunges.size > 0) await this.reportExpunges(view);

    const before = view.exists;
    const newUids = changes.changed.filter((c) => c.uid > view.maxUid).map((c) => c.uid);
    if (newUids.length > 0) {
      view.append(newUids);
      await markRecent(this.storage, view, newUids);
    }
    if (view.exists !== before) {
      await this.send([view.exists, atom('EXISTS')]);
      await this.send([view.recent.size, atom('RECENT')]);
    }

    const newSet = new Set(newUids);
    await announceKeywords(
      this,
      view,
      changes.changed.map((c) => c.flags),
    );
    for (const change of changes.changed) {
      if (newSet.has(change.uid) || view.pendingExpunges.has(change.uid)) continue;
      if (view.reported.get(change.uid) === change.modseq) continue;
      const seq = view.seqOf(change.uid);
      if (seq === 0) continue;
      const items: WireValue[] = [atom('UID'), change.uid, atom('FLAGS'), view.flagsOf(change.uid, change.flags).map(atom)];
      if (this.condstore) items.push(atom('MODSEQ'), [change.modseq]);
      await this.send([seq, atom('FETCH'), items]);
    }
    view.reported.clear();
    if (changes.highestModseq > view.knownModseq) view.knownModseq = changes.highestModseq;
  }

  private async reportExpunges(view: SelectedMailbox): Promise<void> {
    const uids = [...view.pendingExpunges].sort((a, b) => b - a);
    if (this.qresync) {
      for (const uid of uids) view.remove(uid);
      await this.send([atom('VANISHED'), atom(compactSequenceSet(uids))]);
      return;
    }
    // Highest first: each EXPUNGE leaves the numbers below it valid.
    for (const uid of uids) {
      const seq = view.remove(uid);
      if (seq > 0) await this.send([seq, atom('EXPUNGE')]);
    }
  }
}
