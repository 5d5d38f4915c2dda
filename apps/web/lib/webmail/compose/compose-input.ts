/**
 * The shape of a message being written, as the compose form sends it to
 * the draft route and the send action. Shared by browser and server (no
 * server imports), validated with zod at both boundaries.
 */
import { z } from 'zod';

export const REPLY_MODES = ['reply', 'replyAll', 'forward', 'forwardAttachment'] as const;
export type ReplyMode = (typeof REPLY_MODES)[number];
export type ComposeMode = 'new' | ReplyMode;

/** Ids made by randomId(): base64url, so they are safe as file names and in headers. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export const recipient = z.object({
  name: z.string().max(200).default(''),
  address: z.string().trim().min(1).max(320),
});
export type Recipient = z.infer<typeof recipient>;

/** The message a reply or forward answers: its flag is set once sent. */
export const replyOrigin = z.object({
  mode: z.enum(REPLY_MODES),
  folder: z.string().min(1).max(1000),
  uid: z.number().int().positive(),
});
export type ReplyOrigin = z.infer<typeof replyOrigin>;

const messageId = z.string().max(998);

export const composeInput = z.object({
  /** This page's compose session: names its upload folder (each page load has its own). */
  composeId: z.string().regex(ID_PATTERN),
  /** The message across saves and reloads: the X-Kontor-Draft-Id of its draft in Drafts. */
  draftKey: z.string().regex(ID_PATTERN),
  from: z.string().trim().max(320),
  to: z.array(recipient).max(500),
  cc: z.array(recipient).max(500),
  bcc: z.array(recipient).max(500),
  subject: z.string().max(998),
  format: z.enum(['html', 'plain']),
  /** HTML from the editor, or the plain text. */
  body: z.string().max(10_000_000),
  attachments: z.array(z.string().regex(ID_PATTERN)).max(200),
  inReplyTo: messageId.nullable(),
  references: z.array(messageId).max(100),
  origin: replyOrigin.nullable(),
  /** The draft this message replaces in Drafts (UID), when one was saved. */
  draftUid: z.number().int().positive().nullable(),
});
export type ComposeInput = z.infer<typeof composeInput>;

/** An attachment stored for the compose session (lib/webmail/compose/uploads.ts). */
export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/** A From choice: the mailbox itself or an alias it may send as. */
export interface Identity {
  address: string;
  name: string;
}

export interface Signature {
  identity: string;
  html: string;
  text: string;
}

/** Someone the user wrote to or heard from, for the address fields' suggestions. */
export interface Correspondent {
  name: string;
  address: string;
}

/** Why a send did not (fully) go out; the form shows it in the user's language. */
export type SendProblem =
  | { code: 'senderRefused'; address: string }
  | { code: 'sendLimit'; limit: number | null; window: 'hour' | 'day' | null }
  | { code: 'recipientsRefused'; refused: Array<{ address: string; reason: RecipientRefusal; detail: string }> }
  | { code: 'noRecipients' }
  | { code: 'invalidAddress'; address: string }
  | { code: 'tooLarge' }
  | { code: 'tooManyRecipients' }
  | { code: 'attachmentMissing' }
  | { code: 'sessionEnded' }
  | { code: 'unavailable' }
  | { code: 'temporary'; detail: string }
  | { code: 'refused'; detail: string };

export type RecipientRefusal = 'unknown' | 'full' | 'disabled' | 'relay' | 'other';

export type SendResult =
  | { status: 'sent'; redirectTo: string }
  /** Sent to some recipients; `problem.refused` did not get it. The form stays, addressed to them. */
  | { status: 'partial'; problem: Extract<SendProblem, { code: 'recipientsRefused' }> }
  | { status: 'error'; problem: SendProblem };

export type DraftResult = { status: 'saved'; uid: number | null; savedAt: string } | { status: 'error'; problem: 'unavailable' | 'invalid' | 'sessionEnded' };

/** What the compose page starts the form with. */
export interface ComposeInitial extends Omit<ComposeInput, 'attachments'> {
  attachments: UploadedFile[];
  /** The message to answer or the draft to open was not found: the form starts empty and says so. */
  notice: 'originalMissing' | 'draftMissing' | null;
}
