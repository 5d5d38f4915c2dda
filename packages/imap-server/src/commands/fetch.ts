/**
 * FETCH and UID FETCH (RFC 3501 §6.4.5, §6.4.8) with CONDSTORE/QRESYNC
 * (RFC 7162: MODSEQ, CHANGEDSINCE, VANISHED), BINARY (RFC 3516,
 * fetch/binary.ts) and PREVIEW (RFC 8970, fetch/preview.ts).
 *
 * Messages are read from storage in batches (metadata, and the MIME
 * description only when an item needs it); bodies are never loaded: each
 * BODY[...] is a streamed literal the connection pipes from the blob with
 * backpressure. A non-PEEK body fetch sets \Seen (not in EXAMINE) and the
 * response then carries the new FLAGS.
 */

import { binarySize, binaryValue, UnknownTransferEncoding } from '../fetch/binary.ts';
import { toBodyStructure } from '../fetch/body-structure.ts';
import { messagePreview } from '../fetch/preview.ts';
import { readRange } from '../fetch/read-range.ts';
import { applyPartial, filterHeader, resolveSection, type SectionRange } from '../fetch/sections.ts';
import { type FetchArgs, type FetchAttribute, fetchResponseName, fetchSetsSeen } from '../protocol/args/fetch.ts';
import { bodyStructureValue } from '../protocol/body-structure.ts';
import { formatDateTime } from '../protocol/dates.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom, encodeFetch, type FetchItem, piecesToBuffer, type WireValue } from '../protocol/encoder.ts';
import { envelopeValue } from '../protocol/envelope.ts';
import { compactSequenceSet, evaluateSequenceSet } from '../protocol/sequence-set.ts';
import { enableCondstore } from '../server/condstore.ts';
import { announceKeywords } from '../server/keywords.ts';
import type { SelectedMailbox } from '../server/selected-mailbox.ts';
import type { Session } from '../server/session.ts';
import type { MessageRecord } from '../storage.ts';
import { bad, no, ok, selectedOf } from './results.ts';

const BATCH = 250;
const METADATA_BATCH = 2000;
/** Messages whose items are gathered while an earlier one is written. */
const READ_AHEAD = 8;
/** Largest header read into memory for HEADER.FIELDS. */
const MAX_HEADER = 8 * 1024 * 1024;

function needsStructure(attribute: FetchAttribute): boolean {
  if (attribute.kind === 'item') return ['ENVELOPE', 'BODY', 'BODYSTRUCTURE', 'RFC822.HEADER', 'RFC822.TEXT'].includes(attribute.name);
  if (attribute.kind === 'body-section') return attribute.section.part.length > 0 || attribute.section.text !== undefined;
  return true;
}

async function fetchMessages(args: FetchArgs, session: Session): Promise<Completion> {
  try {
    return await fetchSet(args, session);
  } catch (error) {
    // RFC 3516 §4.1: a BINARY fetch of a part whose encoding the server cannot undo.
    if (error instanceof UnknownTransferEncoding) return no(`${error.message}: fetch it with BODY[]`, 'UNKNOWN-CTE');
    throw error;
  }
}

async function fetchSet(args: FetchArgs, session: Session): Promise<Completion> {
  const view = selectedOf(session);
  const resolved = view.resolve(args.set, args.uid);
  if ('error' in resolved) return bad(resolved.error);
  const { changedSince } = args;
  if (changedSince !== undefined || args.attributes.some((a) => a.kind === 'item' && a.name === 'MODSEQ')) await enableCondstore(session);

  if (args.vanished && changedSince !== undefined && args.set.kind === 'ranges') {
    const changes = await session.storage.changesSince(view.id, changedSince);
    const vanished = evaluateSequenceSet(args.set, changes.vanished);
    if (vanished.length > 0) await session.send([atom('VANISHED'), [atom('EARLIER')], atom(compactSequenceSet(vanished))]);
  }

  const structure = args.attributes.some(needsStructure);
  const readsContent = args.attributes.some(readsMessageContent);
  const asksFlags = args.attributes.some((a) => a.kind === 'item' && a.name === 'FLAGS');
  const setSeen = !view.readOnly && fetchSetsSeen(args.attributes);
  // Rows without ENVELOPE/BODYSTRUCTURE are small: fewer, larger batches.
  const batch = structure ? BATCH : METADATA_BATCH;
  for (let i = 0; i < resolved.uids.length; i += batch) {
    const uids = resolved.uids.slice(i, i + batch);
    let records = await session.storage.listMessages(view.id, { uids, include: { structure } });
    if (changedSince !== undefined) records = records.filter((r) => r.modseq > changedSince);
    const flagsChanged = setSeen ? await markSeen(session, view, records) : new Set<number>();
    const inView = records.filter((record) => view.seqOf(record.uid) > 0);
    const flagsShown = asksFlags ? inView : inView.filter((record) => flagsChanged.has(record.uid));
    await announceKeywords(
      session,
      view,
      flagsShown.map((record) => record.flags),
    );
    const addFlags = (record: MessageRecord, items: FetchItem[]) => {
      if (flagsChanged.has(record.uid) && !asksFlags) {
        items.push(['FLAGS', flagsValue(view, record)]);
      }
      return items;
    };
    if (!readsContent) {
      // Metadata only (a client's FLAGS sync): the batch's responses in one write.
      const lines = inView.map((record) =>
        piecesToBuffer(encodeFetch(view.seqOf(record.uid), addFlags(record, metadataItems(view, record, args.attributes)), { utf8: session.utf8 })),
      );
      await session.io.send(Buffer.concat(lines));
      continue;
    }
    // Items (header reads from the blob store) are gathered a few messages
    // ahead of the one being written, so the reads overlap; responses keep
    // their order, and bodies are still streamed only when written.
    const ahead: Array<Promise<FetchItem[]> | undefined> = [];
    let started = 0;
    for (let k = 0; k < inView.length; k++) {
      for (; started < inView.length && started <= k + READ_AHEAD; started++) {
        const gathering = fetchItems(session, view, inView[started]!, args.attributes);
        gathering.catch(() => {}); // awaited below in turn; never an unhandled rejection meanwhile
        ahead[started] = gathering;
      }
      const record = inView[k]!;
      const items = addFlags(record, await ahead[k]!);
      ahead[k] = undefined;
      await session.io.send(encodeFetch(view.seqOf(record.uid), items, { utf8: session.utf8 }));
    }
  }
  return ok('FETCH completed');
}

/** Sets \Seen on the records that lack it; returns their UIDs (records updated in place). */
async function markSeen(session: Session, view: SelectedMailbox, records: MessageRecord[]): Promise<Set<number>> {
  const unseen = records.filter((r) => !r.flags.includes('\\Seen')).map((r) => r.uid);
  if (unseen.length === 0) return new Set();
  const result = await session.storage.storeFlags(view.id, unseen, { operation: 'add', flags: ['\\Seen'] });
  const byUid = new Map(records.map((r) => [r.uid, r]));
  for (const change of result.changed) {
    const record = byUid.get(change.uid);
    if (!record) continue;
    record.flags = change.flags;
    record.modseq = change.modseq;
    view.reported.set(change.uid, change.modseq);
  }
  return new Set(result.changed.map((c) => c.uid));
}

function flagsValue(view: SelectedMailbox, record: MessageRecord): WireValue {
  return view.flagsOf(record.uid, record.flags).map(atom);
}

/** Attributes whose value comes from the message's octets (the blob store). */
function readsMessageContent(attribute: FetchAttribute): boolean {
  return attribute.kind !== 'item' || (attribute.kind === 'item' && ['RFC822', 'RFC822.HEADER', 'RFC822.TEXT'].includes(attribute.name));
}

async function fetchItems(session: Session, view: SelectedMailbox, record: MessageRecord, attributes: readonly FetchAttribute[]): Promise<FetchItem[]> {
  const items: FetchItem[] = [];
  for (const attribute of attributes) {
    const name = fetchResponseName(attribute);
    if (attribute.kind === 'body-section') {
      const range = record.structure
        ? resolveSection(record.structure, record.size, attribute.section)
        : attribute.section.part.length === 0 && attribute.section.text === undefined
          ? { start: 0, end: record.size }
          : undefined;
      items.push([name, await content(session, record, range, attribute.partial)]);
      continue;
    }
    if (attribute.kind === 'binary') {
      items.push([name, await binaryValue(session.storage, record, attribute.part, attribute.partial)]);
      continue;
    }
    if (attribute.kind === 'binary-size') {
      items.push([name, await binarySize(session.storage, record, attribute.part)]);
      continue;
    }
    if (attribute.kind === 'preview') {
      const read = (start: number, end: number) => readRange(session.storage, record.contentId, start, end, end - start);
      items.push([name, await messagePreview(record.structure, read)]);
      continue;
    }
    switch (attribute.name) {
      case 'RFC822':
        items.push([name, await content(session, record, { start: 0, end: record.size }, undefined)]);
        break;
      case 'RFC822.HEADER':
        items.push([
          name,
          await content(session, record, record.structure && { start: record.structure.headerStart, end: record.structure.bodyStart }, undefined),
        ]);
        break;
      case 'RFC822.TEXT':
        items.push([name, await content(session, record, record.structure && { start: record.structure.bodyStart, end: record.size }, undefined)]);
        break;
      default:
        items.push(...metadataItems(view, record, [attribute]));
    }
  }
  return items;
}

/** The items that need nothing but the message's row; content attributes are skipped. */
function metadataItems(view: SelectedMailbox, record: MessageRecord, attributes: readonly FetchAttribute[]): FetchItem[] {
  const items: FetchItem[] = [];
  for (const attribute of attributes) {
    if (attribute.kind !== 'item') continue;
    const name = fetchResponseName(attribute);
    switch (attribute.name) {
      case 'UID':
        items.push([name, record.uid]);
        break;
      case 'FLAGS':
        items.push([name, flagsValue(view, record)]);
        break;
      case 'INTERNALDATE':
        items.push([name, formatDateTime(record.internalDate)]);
        break;
      case 'RFC822.SIZE':
        items.push([name, record.size]);
        break;
      case 'MODSEQ':
        items.push([name, [record.modseq]]);
        break;
      case 'ENVELOPE':
        items.push([name, record.envelope ? envelopeValue(record.envelope) : null]);
        break;
      case 'BODY':
      case 'BODYSTRUCTURE':
        items.push([name, record.structure ? bodyStructureValue(toBodyStructure(record.structure), attribute.name === 'BODYSTRUCTURE') : null]);
        break;
      default:
        break;
    }
  }
  return items;
}

/** A section's octets as a streamed literal (a filtered header as a Buffer); "" when it does not exist. */
async function content(
  session: Session,
  record: MessageRecord,
  range: SectionRange | undefined,
  partial: { offset: number; length: number } | undefined,
): Promise<WireValue> {
  if (!range) return '';
  if (range.filter) {
    const header = await readRange(session.storage, record.contentId, range.start, range.end, MAX_HEADER);
    const filtered = filterHeader(header, range.filter.fields, range.filter.not);
    if (!partial) return filtered;
    return filtered.subarray(Math.min(partial.offset, filtered.length), Math.min(filtered.length, partial.offset + partial.length));
  }
  const { start, end } = applyPartial(range.start, Math.min(range.end, record.size), partial);
  const length = Math.max(0, end - start);
  return { literal: length, stream: () => session.storage.openContent(record.contentId, { start, end }) };
}

export const fetch: CommandHandler<'FETCH', Session> = (args, { session }) => fetchMessages(args, session);
export const uidFetch: CommandHandler<'UID FETCH', Session> = (args, { session }) => fetchMessages(args, session);
