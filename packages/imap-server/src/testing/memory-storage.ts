/**
 * ImapStorage in memory, for the package's tests: the same rules as the
 * real store (UIDs, UIDVALIDITY, MODSEQ per change, expunge records for
 * VANISHED, INBOX rename, quota) with none of its machinery.
 */
import { Readable } from 'node:stream';
import {
  type CopyResult,
  type ImapAuthenticator,
  type ImapStorage,
  type ImapUser,
  type LoginThrottle,
  type MailboxChanges,
  type MailboxEvent,
  type MailboxInfo,
  type MailboxStatus,
  type MessageRecord,
  StorageError,
  type StoreFlagsResult,
} from '../storage.ts';
import { type ParsedMessage, parseMessage } from './mini-mime.ts';

interface StoredMessage {
  uid: number;
  modseq: bigint;
  flags: string[];
  internalDate: Date;
  contentId: string;
  parsed: ParsedMessage;
  size: number;
}

interface Folder {
  id: number;
  userId: number;
  name: string;
  specialUse: string | null;
  uidValidity: number;
  uidNext: number;
  highestModseq: bigint;
  messages: Map<number, StoredMessage>;
  expunged: Array<{ uid: number; modseq: bigint }>;
}

const SYSTEM = new Map(['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'].map((f) => [f.toLowerCase(), f]));

function normalizeFlags(flags: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const flag of flags) {
    const key = flag.toLowerCase();
    if (key === '\\recent' || seen.has(key)) continue;
    seen.add(key);
    out.push(SYSTEM.get(key) ?? flag);
  }
  return out;
}

export const DEFAULT_FOLDERS: ReadonlyArray<[string, string | null]> = [
  ['INBOX', null],
  ['Sent', '\\Sent'],
  ['Drafts', '\\Drafts'],
  ['Trash', '\\Trash'],
  ['Junk', '\\Junk'],
  ['Archive', '\\Archive'],
];

export class MemoryStorage implements ImapStorage {
  private nextFolderId = 1;
  private nextUidValidity = 100;
  private nextContent = 1;
  readonly folders = new Map<number, Folder>();
  /** Subscribed names by user id: names, independent of folders (RFC 3501 §6.3.6). */
  readonly subscriptions = new Map<number, Set<string>>();
  readonly blobs = new Map<string, Buffer>();
  private readonly users = new Map<string, { user: ImapUser; password: string; quota: number | null }>();
  private readonly listeners = new Set<{ userId: number; listener: (event: MailboxEvent) => void }>();
  private readonly recentMarks = new Map<string, number>();
  /** Make the next N calls of a method fail (tests of error paths). */
  failNext: { method: string; error: Error } | null = null;

  // ---------------------------------------------------------------- test setup

  addUser(username: string, password: string, options: { quota?: number } = {}): ImapUser {
    const user = { id: this.users.size + 1, username };
    this.users.set(username.toLowerCase(), { user, password, quota: options.quota ?? null });
    for (const [name, specialUse] of DEFAULT_FOLDERS) this.newFolder(user.id, name, specialUse);
    // The standard folders start subscribed, as the real store provisions them.
    this.subscriptions.set(user.id, new Set(DEFAULT_FOLDERS.map(([name]) => name)));
    return user;
  }

  user(username: string): ImapUser {
    const entry = this.users.get(username.toLowerCase());
    if (!entry) throw new Error(`no user ${username}`);
    return entry.user;
  }

  /** Delivers a message as SMTP would (an `exists` event follows). */
  deliver(username: string, folder: string, content: string | Buffer, options: { flags?: string[]; internalDate?: Date } = {}): number {
    const user = this.user(username);
    const target = this.folderNamed(user, folder);
    const uid = this.addMessage(
      target,
      Buffer.isBuffer(content) ? content : Buffer.from(content.replace(/\r?\n/g, '\r\n')),
      options.flags ?? [],
      options.internalDate ?? new Date(),
    );
    this.emit(target);
    return uid;
  }

  folderByName(username: string, name: string): Folder {
    return this.folderNamed(this.user(username), name);
  }

  authenticator(): ImapAuthenticator {
    return {
      authenticate: async (username, password) => {
        const entry = this.users.get(username.toLowerCase());
        return entry && entry.password === password ? entry.user : null;
      },
    };
  }

  // ---------------------------------------------------------------- internals

  private newFolder(userId: number, name: string, specialUse: string | null): Folder {
    const folder: Folder = {
      id: this.nextFolderId++,
      userId,
      name,
      specialUse,
      uidValidity: this.nextUidValidity++,
      uidNext: 1,
      highestModseq: 1n,
      messages: new Map(),
      expunged: [],
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  private normalizeName(name: string): string {
    return name.toUpperCase() === 'INBOX' ? 'INBOX' : name.toUpperCase().startsWith('INBOX/') ? `INBOX${name.slice(5)}` : name;
  }

  private findFolder(user: ImapUser, name: string): Folder | undefined {
    const wanted = this.normalizeName(name);
    return [...this.folders.values()].find((f) => f.userId === user.id && f.name === wanted);
  }

  private folderNamed(user: ImapUser, name: string): Folder {
    const folder = this.findFolder(user, name);
    if (!folder) throw new StorageError('NONEXISTENT', `No mailbox named ${name}`);
    return folder;
  }

  private folderById(id: number): Folder {
    const folder = this.folders.get(id);
    if (!folder) throw new StorageError('NONEXISTENT', 'No such mailbox');
    return folder;
  }

  private addMessage(folder: Folder, content: Buffer, flags: readonly string[], internalDate: Date, modseq?: bigint): number {
    const contentId = `blob-${this.nextContent++}`;
    this.blobs.set(contentId, content);
    if (modseq === undefined) folder.highestModseq += 1n;
    const uid = folder.uidNext++;
    folder.messages.set(uid, {
      uid,
      modseq: modseq ?? folder.highestModseq,
      flags: normalizeFlags(flags),
      internalDate,
      contentId,
      parsed: parseMessage(content),
      size: content.length,
    });
    return uid;
  }

  private emit(folder: Folder): void {
    for (const { userId, listener } of [...this.listeners]) {
      if (userId === folder.userId) queueMicrotask(() => listener({ mailboxId: folder.id }));
    }
  }

  private checkFailure(method: string): void {
    if (this.failNext?.method === method) {
      const { error } = this.failNext;
      this.failNext = null;
      throw error;
    }
  }

  private usedOctets(userId: number): number {
    let used = 0;
    for (const folder of this.folders.values()) {
      if (folder.userId !== userId) continue;
      for (const message of folder.messages.values()) used += message.size;
    }
    return used;
  }

  private checkRoom(userId: number, bytes: number): void {
    const entry = [...this.users.values()].find((u) => u.user.id === userId);
    if (entry?.quota != null && this.usedOctets(userId) + bytes > entry.quota) throw new StorageError('OVERQUOTA', 'The mailbox is over its quota');
  }

  private removeMessages(folder: Folder, uids: readonly number[]): void {
    if (uids.length === 0) return;
    folder.highestModseq += 1n;
    for (const uid of uids) {
      folder.messages.delete(uid);
      folder.expunged.push({ uid, modseq: folder.highestModseq });
    }
  }

  // ---------------------------------------------------------------- ImapStorage

  async listMailboxes(user: ImapUser): Promise<MailboxInfo[]> {
    this.checkFailure('listMailboxes');
    return [...this.folders.values()]
      .filter((f) => f.userId === user.id)
      .sort((a, b) => (a.name === 'INBOX' ? -1 : b.name === 'INBOX' ? 1 : a.name < b.name ? -1 : 1))
      .map((f) => ({ id: f.id, name: f.name, specialUse: f.specialUse }));
  }

  async mailboxStatus(user: ImapUser, name: string, include: readonly string[] = []): Promise<MailboxStatus> {
    this.checkFailure('mailboxStatus');
    const folder = this.folderNamed(user, name);
    const messages = [...folder.messages.values()];
    const status: MailboxStatus = {
      id: folder.id,
      name: folder.name,
      specialUse: folder.specialUse,
      uidValidity: folder.uidValidity,
      uidNext: folder.uidNext,
      highestModseq: folder.highestModseq,
      messages: messages.length,
      unseen: messages.filter((m) => !m.flags.includes('\\Seen')).length,
    };
    if (include.includes('RECENT')) {
      const mark = this.recentMarks.get(`${folder.id}:${folder.uidValidity}`) ?? 0;
      status.recent = messages.filter((m) => m.uid > mark).length;
    }
    if (include.includes('SIZE')) status.size = messages.reduce((sum, m) => sum + m.size, 0);
    if (include.includes('DELETED')) status.deleted = messages.filter((m) => m.flags.includes('\\Deleted')).length;
    return status;
  }

  async createMailbox(user: ImapUser, name: string, options: { specialUse?: string } = {}): Promise<MailboxInfo> {
    const normalized = this.normalizeName(name);
    if (!normalized || normalized.split('/').some((level) => level === '') || /[*%]/.test(normalized)) {
      throw new StorageError('CANNOT', `Invalid mailbox name ${JSON.stringify(name)}`);
    }
    if (this.findFolder(user, normalized)) throw new StorageError('ALREADYEXISTS', `The mailbox ${normalized} exists already`);
    const levels = normalized.split('/');
    for (let i = 1; i < levels.length; i++) {
      const parent = levels.slice(0, i).join('/');
      if (!this.findFolder(user, parent)) this.newFolder(user.id, parent, null);
    }
    const folder = this.newFolder(user.id, normalized, options.specialUse ?? null);
    return { id: folder.id, name: folder.name, specialUse: folder.specialUse };
  }

  async deleteMailbox(user: ImapUser, name: string): Promise<void> {
    const folder = this.folderNamed(user, name);
    if (folder.name === 'INBOX') throw new StorageError('CANNOT', 'INBOX cannot be deleted');
    this.folders.delete(folder.id);
    this.emit(folder);
  }

  async renameMailbox(user: ImapUser, from: string, to: string): Promise<void> {
    const source = this.folderNamed(user, from);
    const target = this.normalizeName(to);
    if (this.findFolder(user, target)) throw new StorageError('ALREADYEXISTS', `The mailbox ${target} exists already`);
    if (source.name === 'INBOX') {
      const created = await this.createMailbox(user, target);
      const folder = this.folderById(created.id);
      folder.uidNext = source.uidNext;
      for (const message of source.messages.values()) folder.messages.set(message.uid, message);
      this.removeMessages(source, [...source.messages.keys()]);
      this.emit(source);
      return;
    }
    if (target.startsWith(`${source.name}/`)) throw new StorageError('CANNOT', 'Cannot move a mailbox below itself');
    const old = source.name;
    for (const folder of this.folders.values()) {
      if (folder.userId !== user.id) continue;
      if (folder.name === old) folder.name = target;
      else if (folder.name.startsWith(`${old}/`)) folder.name = target + folder.name.slice(old.length);
    }
    const names = this.subscriptionsOf(user);
    for (const name of [...names]) {
      if (name !== old && !name.startsWith(`${old}/`)) continue;
      names.delete(name);
      names.add(target + name.slice(old.length));
    }
  }

  /** SUBSCRIBE needs the mailbox; UNSUBSCRIBE works on any name (it may outlive its mailbox). */
  async setSubscribed(user: ImapUser, name: string, subscribed: boolean): Promise<void> {
    const names = this.subscriptionsOf(user);
    if (!subscribed) {
      names.delete(this.normalizeName(name));
      return;
    }
    names.add(this.folderNamed(user, name).name);
  }

  async listSubscriptions(user: ImapUser): Promise<string[]> {
    return [...this.subscriptionsOf(user)].sort();
  }

  private subscriptionsOf(user: ImapUser): Set<string> {
    let names = this.subscriptions.get(user.id);
    if (!names) {
      names = new Set();
      this.subscriptions.set(user.id, names);
    }
    return names;
  }

  async quota(user: ImapUser) {
    const entry = [...this.users.values()].find((u) => u.user.id === user.id);
    return { usedOctets: this.usedOctets(user.id), limitOctets: entry?.quota ?? null };
  }

  async append(user: ImapUser, mailbox: string, message: { content: Buffer; flags: readonly string[]; internalDate?: Date }) {
    this.checkFailure('append');
    const folder = this.folderNamed(user, mailbox);
    this.checkRoom(user.id, message.content.length);
    const uid = this.addMessage(folder, message.content, message.flags, message.internalDate ?? new Date());
    this.emit(folder);
    return { mailboxId: folder.id, uidValidity: folder.uidValidity, uid };
  }

  async listMessages(
    mailboxId: number,
    options: { uids?: readonly number[]; include?: { structure?: boolean; headers?: boolean } } = {},
  ): Promise<MessageRecord[]> {
    this.checkFailure('listMessages');
    const folder = this.folderById(mailboxId);
    const wanted = options.uids ? new Set(options.uids) : null;
    return [...folder.messages.values()]
      .filter((m) => !wanted || wanted.has(m.uid))
      .sort((a, b) => a.uid - b.uid)
      .map((m) => {
        const record: MessageRecord = {
          uid: m.uid,
          modseq: m.modseq,
          flags: [...m.flags],
          internalDate: m.internalDate,
          size: m.size,
          contentId: m.contentId,
        };
        if (options.include?.structure) {
          record.envelope = m.parsed.envelope;
          record.structure = m.parsed.structure;
        }
        if (options.include?.headers) record.headers = m.parsed.headers;
        return record;
      });
  }

  async changesSince(mailboxId: number, modseq: bigint): Promise<MailboxChanges> {
    this.checkFailure('changesSince');
    const folder = this.folderById(mailboxId);
    return {
      highestModseq: folder.highestModseq,
      changed: [...folder.messages.values()]
        .filter((m) => m.modseq > modseq)
        .sort((a, b) => a.uid - b.uid)
        .map((m) => ({ uid: m.uid, modseq: m.modseq, flags: [...m.flags] })),
      vanished: [...new Set(folder.expunged.filter((e) => e.modseq > modseq).map((e) => e.uid))].sort((a, b) => a - b),
    };
  }

  openContent(contentId: string, range: { start: number; end: number }): Readable {
    const blob = this.blobs.get(contentId);
    if (!blob) return Readable.from([]);
    const slice = blob.subarray(range.start, range.end);
    // Several chunks, to exercise streaming (tiny ones for small messages).
    const size = slice.length > 64 * 1024 ? 64 * 1024 : 7;
    const chunks: Buffer[] = [];
    for (let i = 0; i < slice.length; i += size) chunks.push(slice.subarray(i, i + size));
    return Readable.from(chunks);
  }

  async storeFlags(
    mailboxId: number,
    uids: readonly number[],
    change: { operation: 'replace' | 'add' | 'remove'; flags: readonly string[]; unchangedSince?: bigint },
  ): Promise<StoreFlagsResult> {
    const folder = this.folderById(mailboxId);
    const result: StoreFlagsResult = { changed: [], unchanged: [], failed: [], highestModseq: folder.highestModseq };
    const updates: Array<[StoredMessage, string[]]> = [];
    for (const uid of [...uids].sort((a, b) => a - b)) {
      const message = folder.messages.get(uid);
      if (!message) continue;
      if (change.unchangedSince !== undefined && message.modseq > change.unchangedSince) {
        result.failed.push(uid);
        continue;
      }
      const lower = new Set(change.flags.map((f) => f.toLowerCase()));
      const next =
        change.operation === 'replace'
          ? normalizeFlags(change.flags)
          : change.operation === 'add'
            ? normalizeFlags([...message.flags, ...change.flags])
            : message.flags.filter((f) => !lower.has(f.toLowerCase()));
      const same = next.length === message.flags.length && next.every((f) => message.flags.some((g) => g.toLowerCase() === f.toLowerCase()));
      if (same) result.unchanged.push({ uid, modseq: message.modseq, flags: [...message.flags] });
      else updates.push([message, next]);
    }
    if (updates.length > 0) {
      folder.highestModseq += 1n;
      for (const [message, flags] of updates) {
        message.flags = flags;
        message.modseq = folder.highestModseq;
        result.changed.push({ uid: message.uid, modseq: message.modseq, flags: [...flags] });
      }
      this.emit(folder);
    }
    result.highestModseq = folder.highestModseq;
    return result;
  }

  async copy(user: ImapUser, mailboxId: number, uids: readonly number[], target: string): Promise<CopyResult> {
    const source = this.folderById(mailboxId);
    const destination = this.folderNamed(user, target);
    const messages = [...uids]
      .sort((a, b) => a - b)
      .map((uid) => source.messages.get(uid))
      .filter((m): m is StoredMessage => m !== undefined);
    this.checkRoom(
      user.id,
      messages.reduce((sum, m) => sum + m.size, 0),
    );
    if (messages.length === 0) return { uidValidity: destination.uidValidity, mapping: [] };
    destination.highestModseq += 1n;
    const mapping: Array<[number, number]> = messages.map((m) => [
      m.uid,
      this.addMessage(destination, this.blobs.get(m.contentId)!, m.flags, m.internalDate, destination.highestModseq),
    ]);
    this.emit(destination);
    return { uidValidity: destination.uidValidity, mapping };
  }

  async move(user: ImapUser, mailboxId: number, uids: readonly number[], target: string): Promise<CopyResult> {
    const source = this.folderById(mailboxId);
    const destination = this.folderNamed(user, target);
    const present = uids.filter((uid) => source.messages.has(uid));
    if (present.length === 0) return { uidValidity: destination.uidValidity, mapping: [] };
    const copied = await this.copy(user, mailboxId, present, target);
    this.removeMessages(source, present);
    this.emit(source);
    return copied;
  }

  async expunge(mailboxId: number, uids?: readonly number[]): Promise<number[]> {
    this.checkFailure('expunge');
    const folder = this.folderById(mailboxId);
    const allowed = uids ? new Set(uids) : null;
    const removed = [...folder.messages.values()]
      .filter((m) => m.flags.includes('\\Deleted') && (!allowed || allowed.has(m.uid)))
      .map((m) => m.uid)
      .sort((a, b) => a - b);
    this.removeMessages(folder, removed);
    if (removed.length > 0) this.emit(folder);
    return removed;
  }

  async watch(user: ImapUser, listener: (event: MailboxEvent) => void): Promise<() => void> {
    const entry = { userId: user.id, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Listeners registered now (tests check sessions let go). */
  get watcherCount(): number {
    return this.listeners.size;
  }

  async claimRecent(mailboxId: number, uidValidity: number, upToUid: number): Promise<number> {
    const key = `${mailboxId}:${uidValidity}`;
    const previous = this.recentMarks.get(key) ?? 0;
    if (upToUid > previous) this.recentMarks.set(key, upToUid);
    return previous;
  }
}

/** LoginThrottle in memory: blocks after `max` failures per IP+account, delays `delayMs` per failure. */
export class MemoryThrottle implements LoginThrottle {
  readonly failures = new Map<string, number>();
  constructor(
    private readonly max = 3,
    private readonly delayMs = 10,
  ) {}
  async check(ip: string, account: string) {
    const count = this.failures.get(`${ip}|${account.toLowerCase()}`) ?? 0;
    return { allowed: count < this.max, retryAfterMs: count < this.max ? 0 : 60_000 };
  }
  async recordFailure(ip: string, account: string) {
    const key = `${ip}|${account.toLowerCase()}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    return { delayMs: this.delayMs };
  }
  async recordSuccess(ip: string, account: string) {
    this.failures.delete(`${ip}|${account.toLowerCase()}`);
  }
}
