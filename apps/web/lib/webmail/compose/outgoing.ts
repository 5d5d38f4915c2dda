import type { ComposeInput, Identity } from './compose-input.ts';
import type { MimeAttachment, OutgoingMessage } from './mime.ts';

/** The form's message as MIME input: the From's display name is the identity's, never the form's. */
export function outgoingMessage(
  input: ComposeInput,
  options: { identities: Identity[]; attachments: MimeAttachment[]; messageId: string; date: Date; headers?: Record<string, string> },
): OutgoingMessage {
  const identity = options.identities.find((candidate) => candidate.address.toLowerCase() === input.from.toLowerCase());
  const clean = (list: ComposeInput['to']) => list.map((entry) => ({ name: entry.name.trim(), address: entry.address.trim() }));
  return {
    from: { name: identity?.name ?? '', address: input.from },
    to: clean(input.to),
    cc: clean(input.cc),
    bcc: clean(input.bcc),
    subject: input.subject,
    format: input.format,
    body: input.body,
    attachments: options.attachments,
    messageId: options.messageId,
    date: options.date,
    inReplyTo: input.inReplyTo,
    references: input.references,
    headers: options.headers,
  };
}
