/**
 * SEARCH criteria (the parsed SearchKey tree) evaluated against one
 * message. Cheap keys (flags, UIDs, sizes, dates, the decoded header
 * columns) use the record; HEADER with other fields reads the message's
 * header, BODY and TEXT its decoded text parts (bounded, message-text.ts).
 *
 * Semantics (RFC 3501 §6.4.4): string matches are case-insensitive
 * substrings; BEFORE/ON/SINCE compare the internal date's calendar day in
 * UTC, SENTBEFORE/SENTON/SENTSINCE the day written in Date: ("disregarding
 * time and timezone"); `*` in a set is the largest number in use.
 */
import type { SearchKey } from '../protocol/args/search.ts';
import { sequenceSetHas } from '../protocol/sequence-set.ts';
import type { SelectedMailbox } from '../server/selected-mailbox.ts';
import type { ImapStorage, MessageRecord } from '../storage.ts';
import { MessageText } from './message-text.ts';

export interface SearchNeeds {
  /** Decoded header columns (FROM TO CC BCC SUBJECT, SENT*). */
  headers: boolean;
  /** MIME description (HEADER x, BODY, TEXT). */
  structure: boolean;
  /** `$` (SEARCHRES) appears: not supported. */
  saved: boolean;
  modseq: boolean;
}

const COLUMN_FIELDS = new Set(['from', 'to', 'cc', 'bcc', 'subject']);

export function searchNeeds(key: SearchKey, needs: SearchNeeds = { headers: false, structure: false, saved: false, modseq: false }): SearchNeeds {
  switch (key.type) {
    case 'header':
      if (COLUMN_FIELDS.has(key.field)) needs.headers = true;
      else needs.structure = true;
      break;
    case 'body':
    case 'text':
      needs.structure = true;
      if (key.type === 'text') needs.headers = true;
      break;
    case 'date':
      if (key.field === 'sent') needs.headers = true;
      break;
    case 'seq':
    case 'uid':
      if (key.set.kind === 'saved') needs.saved = true;
      break;
    case 'modseq':
      needs.modseq = true;
      break;
    case 'not':
      searchNeeds(key.key, needs);
      break;
    case 'or':
      searchNeeds(key.left, needs);
      searchNeeds(key.right, needs);
      break;
    case 'and':
      for (const k of key.keys) searchNeeds(k, needs);
      break;
    default:
      break;
  }
  return needs;
}

export interface SearchContext {
  storage: ImapStorage;
  view: SelectedMailbox;
  now: Date;
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function compareDay(value: string | null, op: 'before' | 'on' | 'since', day: string): boolean {
  if (value === null) return false;
  if (op === 'before') return value < day;
  if (op === 'on') return value === day;
  return value >= day;
}

export class MessageMatcher {
  private text: MessageText | undefined;

  constructor(
    private readonly context: SearchContext,
    private readonly record: MessageRecord,
    private readonly seq: number,
  ) {}

  private messageText(): MessageText {
    this.text ??= new MessageText(this.context.storage, this.record);
    return this.text;
  }

  /**
   * The answer from the record alone, without any message text (stored or
   * from the blob); undefined when it depends on that text. A search over
   * thousands of candidates reads text only for those it cannot decide.
   */
  async decide(key: SearchKey): Promise<boolean | undefined> {
    const headers = this.record.headers;
    switch (key.type) {
      case 'body':
        return undefined;
      case 'text':
        return headers && Object.values(headers).some((v) => typeof v === 'string' && contains(v, key.value)) ? true : undefined;
      case 'header':
        return key.value !== '' && COLUMN_FIELDS.has(key.field) && headers ? this.matches(key) : undefined;
      case 'not': {
        const inner = await this.decide(key.key);
        return inner === undefined ? undefined : !inner;
      }
      case 'or': {
        const left = await this.decide(key.left);
        if (left === true) return true;
        const right = await this.decide(key.right);
        if (right === true) return true;
        return left === false && right === false ? false : undefined;
      }
      case 'and': {
        let unknown = false;
        for (const k of key.keys) {
          const value = await this.decide(k);
          if (value === false) return false;
          if (value === undefined) unknown = true;
        }
        return unknown ? undefined : true;
      }
      default:
        return this.matches(key);
    }
  }

  async matches(key: SearchKey): Promise<boolean> {
    const { record } = this;
    const { view } = this.context;
    switch (key.type) {
      case 'all':
        return true;
      case 'seq':
        return key.set.kind === 'ranges' && sequenceSetHas(key.set, this.seq, view.exists);
      case 'uid':
        return key.set.kind === 'ranges' && sequenceSetHas(key.set, record.uid, view.maxUid);
      case 'flag': {
        const has = key.flag === '\\Recent' ? view.recent.has(record.uid) : record.flags.some((f) => f.toLowerCase() === key.flag.toLowerCase());
        return has === key.set;
      }
      case 'header': {
        const headers = record.headers;
        // An empty string matches every message that has the field, even an empty one, and no other
        // (RFC 3501 §6.4.4 HEADER; Dovecot and Cyrus agree): the decoded columns cannot tell.
        if (key.value === '') return (await this.messageText().headerFields()).some(([name]) => name === key.field);
        if (COLUMN_FIELDS.has(key.field) && headers) {
          const value = key.field === 'subject' ? headers.subject : headers[key.field as 'from' | 'to' | 'cc' | 'bcc'];
          return contains(value, key.value);
        }
        const fields = await this.messageText().headerFields();
        return fields.some(([name, value]) => name === key.field && contains(value, key.value));
      }
      case 'body':
        return contains(await this.messageText().bodyText(), key.value);
      case 'text': {
        if (record.headers && Object.values(record.headers).some((v) => typeof v === 'string' && contains(v, key.value))) return true;
        const fields = await this.messageText().headerFields();
        if (fields.some(([name, value]) => contains(`${name}: ${value}`, key.value))) return true;
        return contains(await this.messageText().bodyText(), key.value);
      }
      case 'date':
        return compareDay(key.field === 'internal' ? utcDay(record.internalDate) : (record.headers?.sentDay ?? null), key.op, key.date);
      case 'size':
        return key.op === 'larger' ? record.size > key.size : record.size < key.size;
      case 'modseq':
        return record.modseq >= key.modseq;
      case 'age': {
        const age = (this.context.now.getTime() - record.internalDate.getTime()) / 1000;
        return key.op === 'older' ? age >= key.seconds : age <= key.seconds;
      }
      case 'not':
        return !(await this.matches(key.key));
      case 'or':
        return (await this.matches(key.left)) || (await this.matches(key.right));
      case 'and':
        for (const k of key.keys) if (!(await this.matches(k))) return false;
        return true;
    }
  }
}

const BATCH = 2000;
/** Rows with the MIME description are large: smaller batches of those. */
const STRUCTURE_BATCH = 500;

/**
 * The records a batch of candidates is checked on, ascending by UID. Text
 * keys want the stored search text; only messages without it (stored
 * before it was kept, or a storage that keeps none) are listed again with
 * their MIME description, to be read from the blob.
 */
async function candidateRecords(storage: ImapStorage, mailboxId: number, uids: number[], needs: SearchNeeds): Promise<MessageRecord[]> {
  if (uids.length === 0) return [];
  const records = await storage.listMessages(mailboxId, { uids, include: { headers: needs.headers, text: needs.structure } });
  if (!needs.structure) return records;
  const unread = records.filter((r) => !r.text).map((r) => r.uid);
  if (unread.length === 0) return records;
  const full = new Map<number, MessageRecord>();
  for (let i = 0; i < unread.length; i += STRUCTURE_BATCH) {
    const batch = await storage.listMessages(mailboxId, { uids: unread.slice(i, i + STRUCTURE_BATCH), include: { headers: needs.headers, structure: true } });
    for (const record of batch) full.set(record.uid, record);
  }
  return records.map((r) => full.get(r.uid) ?? r);
}

/**
 * The UIDs of the view's messages that match, ascending, with the highest
 * MODSEQ among them. When the storage can make a first cut
 * (`searchCandidates`), only its candidates are checked here, and none
 * when its answer is exact.
 */
export async function searchMailbox(context: SearchContext, criteria: SearchKey, needs: SearchNeeds): Promise<{ uids: number[]; highestModseq: bigint }> {
  const { storage, view } = context;
  const uids: number[] = [];
  let highestModseq = 0n;
  const cut = storage.searchCandidates ? await storage.searchCandidates(view.id, criteria, { maxUid: view.maxUid, now: context.now }) : null;
  // Only what this session's view holds (the client knows nothing newer yet).
  const inView = cut?.messages.filter((m) => view.seqOf(m.uid) > 0);
  if (cut?.exact) {
    for (const message of inView!) {
      uids.push(message.uid);
      if (message.modseq > highestModseq) highestModseq = message.modseq;
    }
    return { uids, highestModseq };
  }
  const found = (record: { uid: number; modseq: bigint }) => {
    uids.push(record.uid);
    if (record.modseq > highestModseq) highestModseq = record.modseq;
  };
  // What the storage is sure of needs no check (nor its text read).
  for (const message of inView ?? []) if (message.sure) found(message);
  const all = inView ? inView.filter((m) => !m.sure).map((m) => m.uid) : [...view.uids];
  for (let i = 0; i < all.length; i += BATCH) {
    let batch = all.slice(i, i + BATCH);
    if (needs.structure) {
      // Decide what the header columns and metadata can; read text only for the rest.
      const undecided: number[] = [];
      for (const record of await storage.listMessages(view.id, { uids: batch, include: { headers: needs.headers } })) {
        const seq = view.seqOf(record.uid);
        if (seq === 0) continue;
        const answer = await new MessageMatcher(context, record, seq).decide(criteria);
        if (answer === undefined) undecided.push(record.uid);
        else if (answer) found(record);
      }
      batch = undecided;
    }
    for (const record of await candidateRecords(storage, view.id, batch, needs)) {
      const seq = view.seqOf(record.uid);
      if (seq > 0 && (await new MessageMatcher(context, record, seq).matches(criteria))) found(record);
    }
  }
  uids.sort((a, b) => a - b);
  return { uids, highestModseq };
}
