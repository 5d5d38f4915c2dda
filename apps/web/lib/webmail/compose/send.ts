import 'server-only';
import { createLogger, domainOfAddress, newMessageId, parseDestinationAddress } from '@kontor/core';
import { folderHref } from '../folder-path.ts';
import { withImap } from '../imap-pool.ts';
import type { MailUser } from '../mail-session.ts';
import type { ComposeInput, Identity, ReplyOrigin, SendResult } from './compose-input.ts';
import { forgetCorrespondents } from './correspondents.ts';
import { deleteDrafts } from './drafts.ts';
import { buildMime } from './mime.ts';
import { outgoingMessage } from './outgoing.ts';
import { submitMessage } from './submission.ts';
import { sendProblem } from './submission-errors.ts';
import { removeCompose, resolveUploads } from './uploads.ts';

const log = createLogger('webmail-compose');

export interface SendContext {
  identities: Identity[];
  draftsPath: string;
  sentPath: string;
  /** maild stores the Sent copy itself (Mailbox.saveSentCopy): then webmail does not, so there is exactly one. */
  serverSavesSentCopy: boolean;
}

/** RFC 3501 \Answered for replies; $Forwarded (the keyword Thunderbird and others use) for forwards. */
function flagFor(origin: ReplyOrigin): string {
  return origin.mode === 'reply' || origin.mode === 'replyAll' ? '\\Answered' : '$Forwarded';
}

/** Every address must be one another server would take; the first that is not is named. */
function invalidAddress(input: ComposeInput): string | null {
  for (const entry of [...input.to, ...input.cc, ...input.bcc]) {
    try {
      parseDestinationAddress(entry.address);
    } catch {
      return entry.address;
    }
  }
  return null;
}

/**
 * Sends the form's message through submission, then does what a mail app
 * does after a send: files the copy in Sent (unless maild does), removes
 * the draft, flags the original. Those happen after the message left, so
 * a failure there is logged, not shown as a failed send.
 */
export async function sendComposed(user: MailUser, input: ComposeInput, context: SendContext): Promise<SendResult> {
  const recipients = [...input.to, ...input.cc, ...input.bcc];
  if (!recipients.length) return { status: 'error', problem: { code: 'noRecipients' } };
  const invalid = invalidAddress(input);
  if (invalid !== null) return { status: 'error', problem: { code: 'invalidAddress', address: invalid } };
  const scope = { sessionId: user.sessionId, composeId: input.composeId };
  const attachments = await resolveUploads(scope, input.attachments);
  if (!attachments) return { status: 'error', problem: { code: 'attachmentMissing' } };
  const message = outgoingMessage(input, {
    identities: context.identities,
    attachments,
    messageId: newMessageId(domainOfAddress(input.from) || 'localhost'),
    date: new Date(),
  });
  let refused: Awaited<ReturnType<typeof submitMessage>>['refused'];
  try {
    const raw = await buildMime(message, { keepBcc: false });
    ({ refused } = await submitMessage(user.imap, { from: input.from, to: recipients.map((r) => r.address) }, raw));
  } catch (error) {
    const problem = sendProblem(error, input.from);
    log.info({ user: user.actor.address, problem: problem.code }, 'webmail send refused');
    return { status: 'error', problem };
  }
  await afterSend(user, input, context, () => buildMime(message, { keepBcc: true }));
  forgetCorrespondents(user.sessionId);
  if (refused.length) return { status: 'partial', problem: { code: 'recipientsRefused', refused } };
  await removeCompose(scope).catch(() => undefined);
  const back = input.origin ? folderHref(input.origin.folder, { m: input.origin.uid }) : folderHref('INBOX');
  return { status: 'sent', redirectTo: back };
}

async function afterSend(user: MailUser, input: ComposeInput, context: SendContext, sentCopy: () => Promise<Buffer>): Promise<void> {
  const steps: Array<[string, () => Promise<unknown>]> = [];
  if (!context.serverSavesSentCopy) {
    steps.push(['sent copy', async () => withImap(user.imap, null, async (client) => client.append(context.sentPath, await sentCopy(), ['\\Seen']))]);
  }
  steps.push(['draft removal', () => deleteDrafts(user.imap, context.draftsPath, { draftKey: input.draftKey, draftUid: input.draftUid })]);
  const { origin } = input;
  if (origin) {
    steps.push([
      'original flag',
      () => withImap(user.imap, origin.folder, (client) => client.messageFlagsAdd(String(origin.uid), [flagFor(origin)], { uid: true }), { watch: false }),
    ]);
  }
  for (const [name, step] of steps) {
    await step().catch((error: unknown) => log.warn({ err: error, user: user.actor.address, step: name }, 'webmail: a step after sending failed'));
  }
}
