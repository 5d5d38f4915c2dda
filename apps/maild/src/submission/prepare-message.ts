import { domainOfAddress, formatMailbox, type HeaderField, headerValue, newMessageId, rfc5322Date, splitHeaderFields } from '@kontor/core';
import { parseAddressList } from '@kontor/mailstore';

/** What submission changes in a message's header, and what it learns from it. */
export interface PreparedHeader {
  /** The new header block, CRLF-terminated fields, without the blank line. */
  header: string;
  /** Addresses in From: (lower-case), for the ownership check. */
  fromAddresses: string[];
  messageId: string;
}

/**
 * RFC 6409 §8 fixes: `Bcc:` removed (the recipients are in the envelope),
 * `Message-ID:` and `Date:` added when missing, `From:` added from the
 * envelope sender when missing. A `Received:` trace field goes on top.
 */
export function prepareHeader(
  block: string,
  options: { trace: string; mailFrom: string; displayName?: string; hostname: string; date?: Date },
): PreparedHeader {
  const fields = splitHeaderFields(block);
  const kept: HeaderField[] = fields.filter((f) => f.key !== 'bcc');
  const added: string[] = [];
  const fromField = kept.find((f) => f.key === 'from');
  let fromAddresses: string[];
  if (fromField) {
    fromAddresses = parseAddressList(headerValue(fromField)).flatMap((a) =>
      a.kind === 'mailbox' ? [`${a.mailbox}@${a.host ?? ''}`.toLowerCase()] : a.members.map((m) => `${m.mailbox}@${m.host ?? ''}`.toLowerCase()),
    );
  } else {
    added.push(`From: ${formatMailbox(options.mailFrom, options.displayName)}\r\n`);
    fromAddresses = [options.mailFrom.toLowerCase()];
  }
  const idField = kept.find((f) => f.key === 'message-id');
  let messageId = idField ? headerValue(idField) : '';
  if (!messageId) {
    const domain = domainOfAddress(options.mailFrom) || options.hostname;
    messageId = newMessageId(domain);
    added.push(`Message-ID: ${messageId}\r\n`);
  }
  if (!kept.some((f) => f.key === 'date')) added.push(`Date: ${rfc5322Date(options.date)}\r\n`);
  const lines = kept.map((f) => (f.line.endsWith('\r\n') ? f.line : `${f.line}\r\n`));
  return { header: options.trace + lines.join('') + added.join(''), fromAddresses, messageId };
}
