/**
 * APPEND arguments (RFC 3501 §6.3.11, MULTIAPPEND RFC 3502, literal8 from
 * BINARY RFC 3516, UTF8 (literal8) from RFC 6855):
 *   APPEND mailbox [(flags)] ["date-time"] {literal} [[(flags)] ["date-time"] {literal} ...]
 */
import type { ArgReader } from '../arguments.ts';
import { parseDateTime } from '../dates.ts';
import { describeValue } from '../values.ts';

export interface AppendMessage {
  flags: string[];
  /** The internal date asked for, with the zone it was written in. */
  internalDate?: { date: Date; offsetMinutes: number };
  /** The message octets. */
  content: Buffer;
  /** Sent as literal8 (may contain NUL; binary content-transfer-encoding allowed). */
  binary: boolean;
  /** Sent as `UTF8 (~{n}...)` (RFC 6855): headers may be UTF-8. */
  utf8: boolean;
}

export interface AppendArgs {
  mailbox: string;
  /** One entry per message; more than one is MULTIAPPEND (all or nothing). */
  messages: AppendMessage[];
}

export function parseAppendArgs(reader: ArgReader): AppendArgs {
  const mailbox = reader.mailbox();
  const messages: AppendMessage[] = [];
  do {
    messages.push(parseAppendMessage(reader));
  } while (!reader.done);
  return { mailbox, messages };
}

function parseAppendMessage(reader: ArgReader): AppendMessage {
  const flags: string[] = [];
  const flagList = reader.optionalList();
  if (flagList) {
    while (!flagList.done) {
      const flag = flagList.flag();
      if (!flags.includes(flag)) flags.push(flag);
    }
  }

  let internalDate: AppendMessage['internalDate'];
  if (reader.peek()?.type === 'quoted') {
    const text = reader.string('date-time');
    internalDate = parseDateTime(text);
    if (!internalDate) reader.fail(`Invalid date-time: ${text} (expected e.g. "17-Jul-1996 02:44:25 -0700")`);
  }

  let utf8 = false;
  let value = reader.peek();
  if (reader.acceptKeyword('UTF8')) {
    const inner = reader.list('UTF8 message');
    value = inner.take('message literal');
    inner.end();
    utf8 = true;
  } else {
    reader.take('message literal');
  }
  if (value?.type !== 'literal') return reader.fail(`Expected the message as a literal, found ${describeValue(value)}`);
  if (utf8 && !value.binary) reader.fail('UTF8 (...) needs a literal8 (~{n})');

  const message: AppendMessage = { flags, content: value.value, binary: value.binary, utf8 };
  if (internalDate) message.internalDate = internalDate;
  return message;
}
