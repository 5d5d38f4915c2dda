/**
 * The text of a message for SEARCH BODY / TEXT and HEADER. The rules (what
 * is decoded, the bounds) are @kontor/core's mime-text, shared with the
 * mail store, which keeps the same text at delivery: a record that carries
 * it (`record.text`) is searched without reading its blob; older messages
 * are read from the blob the same way.
 */

import {
  decodeCharset,
  decodeEncodedWords,
  decodeQuotedPrintable,
  decodeTransfer,
  headerFieldsFromText,
  MAX_HEADER,
  messageBodyText,
  parseHeaderFields,
} from '@kontor/core/mime-text';
import { readRange } from '../fetch/read-range.ts';
import type { ImapStorage, MessageRecord } from '../storage.ts';

export { decodeCharset, decodeEncodedWords, decodeQuotedPrintable, decodeTransfer, parseHeaderFields };

export class MessageText {
  private header: Promise<Array<[string, string]>> | undefined;
  private body: Promise<string> | undefined;

  constructor(
    private readonly storage: ImapStorage,
    private readonly record: MessageRecord,
  ) {}

  private read = (start: number, end: number): Promise<Buffer> => readRange(this.storage, this.record.contentId, start, end, end - start);

  /** The top-level header fields, decoded. */
  headerFields(): Promise<Array<[string, string]>> {
    this.header ??= (async () => {
      if (this.record.text) return headerFieldsFromText(this.record.text.header);
      const end = this.record.structure?.bodyStart ?? Math.min(this.record.size, MAX_HEADER);
      return parseHeaderFields(await readRange(this.storage, this.record.contentId, 0, end, MAX_HEADER));
    })();
    return this.header;
  }

  /** The decoded text of every text/* part (and the headers of attached messages). */
  bodyText(): Promise<string> {
    this.body ??= (async () => {
      if (this.record.text) return this.record.text.body;
      const structure = this.record.structure;
      return structure ? messageBodyText(structure, this.read) : '';
    })();
    return this.body;
  }
}
