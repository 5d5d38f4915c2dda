import 'server-only';
import { newMessageId } from '@kontor/core';
import { folderFromSlug, folderSlug } from '../folder-path.ts';
import { type ImapLogin, withImap } from '../imap-pool.ts';
import type { MailUser } from '../mail-session.ts';
import { type ComposeInitial, type ComposeInput, ID_PATTERN, type Identity, REPLY_MODES, type ReplyOrigin } from './compose-input.ts';
import { buildMime } from './mime.ts';
import { copyAttachments, loadMessage } from './original.ts';
import { outgoingMessage } from './outgoing.ts';
import { plainTextToHtml } from './plain-text.ts';
import { resolveUploads, type UploadScope } from './uploads.ts';

/**
 * Drafts live where every mail app keeps them: as messages flagged \Draft
 * in the Drafts folder (RFC 6154), so Thunderbird sees them too. Each save
 * APPENDs the new version and then removes the older ones (by UID, which
 * UIDPLUS's APPENDUID gives back, and by the draft's own id header, so a
 * save racing another from the same form leaves one draft, not two).
 */
export const DRAFT_ID_HEADER = 'X-Kontor-Draft-Id';
/** The form's state that is no part of the message itself: its format and what it answers. */
export const DRAFT_INFO_HEADER = 'X-Kontor-Draft-Info';

export function draftInfo(input: Pick<ComposeInput, 'format' | 'origin'>): string {
  const parts = [`format=${input.format}`];
  if (input.origin) parts.push(`mode=${input.origin.mode}`, `f=${folderSlug(input.origin.folder)}`, `uid=${input.origin.uid}`);
  return parts.join('; ');
}

export function parseDraftInfo(value: string | undefined): { format: 'html' | 'plain' | null; origin: ReplyOrigin | null } {
  const fields = new Map((value ?? '').split(';').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const format = fields.get('format') === 'plain' ? 'plain' : fields.get('format') === 'html' ? 'html' : null;
  const mode = REPLY_MODES.find((m) => m === fields.get('mode'));
  const folder = folderFromSlug(fields.get('f') ?? '');
  const uid = Number(fields.get('uid'));
  return { format, origin: mode && folder && Number.isSafeInteger(uid) && uid > 0 ? { mode, folder, uid } : null };
}

export class DraftAttachmentsGoneError extends Error {}

/** Saves the form as the latest draft; the new UID (null when the server gives none back). */
export async function saveDraft(user: MailUser, input: ComposeInput, options: { draftsPath: string; identities: Identity[] }): Promise<number | null> {
  const scope: UploadScope = { sessionId: user.sessionId, composeId: input.composeId };
  const attachments = await resolveUploads(scope, input.attachments);
  // A file gone (the form was sent or discarded elsewhere meanwhile): keep the older draft rather than lose its files.
  if (!attachments) throw new DraftAttachmentsGoneError('attachment files are gone');
  const message = outgoingMessage(input, {
    identities: options.identities,
    attachments,
    messageId: newMessageId(user.actor.address.split('@')[1] ?? 'localhost'),
    date: new Date(),
    headers: { [DRAFT_ID_HEADER]: input.draftKey, [DRAFT_INFO_HEADER]: draftInfo(input) },
  });
  const raw = await buildMime(message, { keepBcc: true });
  const appended = await withImap(user.imap, null, (client) => client.append(options.draftsPath, raw, ['\\Draft', '\\Seen']));
  const uid = appended && typeof appended === 'object' && appended.uid ? appended.uid : null;
  await deleteDrafts(user.imap, options.draftsPath, { draftKey: input.draftKey, draftUid: input.draftUid, keep: uid });
  return uid;
}

/**
 * Removes the draft versions of a message: the given UID and every one carrying its draft id. With `keep`
 * (a save), only those older than the version just saved (null: the server gave no UID; the newest found).
 */
export async function deleteDrafts(
  login: ImapLogin,
  draftsPath: string,
  target: { draftKey: string; draftUid: number | null; keep?: number | null },
): Promise<void> {
  if (!ID_PATTERN.test(target.draftKey)) return;
  await withImap(
    login,
    draftsPath,
    async (client) => {
      const found = (await client.search({ header: { [DRAFT_ID_HEADER]: target.draftKey } }, { uid: true })) || [];
      const uids = new Set(found);
      if (target.draftUid) uids.add(target.draftUid);
      if (target.keep !== undefined) {
        // Only older versions go: of two saves racing, the later APPEND (the higher UID) survives, never neither.
        const newest = target.keep ?? Math.max(0, ...found);
        for (const uid of uids) if (uid >= newest) uids.delete(uid);
      }
      // UIDPLUS: messageDelete expunges exactly these UIDs (UID EXPUNGE), never another app's \Deleted messages.
      if (uids.size) await client.messageDelete([...uids].join(','), { uid: true });
    },
    { watch: false },
  );
}

/** The UID of the newest draft with this draft id (a reload after a save the page never heard back from). */
async function findDraft(login: ImapLogin, draftsPath: string, draftKey: string): Promise<number | null> {
  if (!ID_PATTERN.test(draftKey)) return null;
  return withImap(
    login,
    draftsPath,
    async (client) => {
      const found = (await client.search({ header: { [DRAFT_ID_HEADER]: draftKey } }, { uid: true })) || [];
      return found.length ? Math.max(...found) : null;
    },
    { watch: false },
  );
}

/** A saved draft as the form's starting state, its attachments copied into this page's compose session. */
export async function openDraft(
  user: MailUser,
  request: { uid: number; draftKey: string | null },
  options: { draftsPath: string; composeId: string; newKey: string },
): Promise<ComposeInitial | null> {
  let uid = request.uid;
  let loaded = await loadMessage(user.imap, options.draftsPath, uid);
  if (!loaded && request.draftKey) {
    const newest = await findDraft(user.imap, options.draftsPath, request.draftKey);
    if (newest) {
      uid = newest;
      loaded = await loadMessage(user.imap, options.draftsPath, uid);
    }
  }
  if (!loaded) return null;
  const header = (name: string) => loaded.rendered.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value.trim();
  const key = header(DRAFT_ID_HEADER);
  const info = parseDraftInfo(header(DRAFT_INFO_HEADER));
  const attachments = await copyAttachments(loaded, { sessionId: user.sessionId, composeId: options.composeId });
  const { message, rendered } = loaded;
  const format = info.format ?? (rendered.html ? 'html' : 'plain');
  return {
    composeId: options.composeId,
    draftKey: key && ID_PATTERN.test(key) ? key : options.newKey,
    from: message.from[0]?.address ?? user.actor.address,
    to: message.to,
    cc: message.cc,
    bcc: rendered.bcc,
    subject: message.subject,
    format,
    body: format === 'html' ? (rendered.html ?? plainTextToHtml(rendered.text ?? '')) : (rendered.text ?? ''),
    attachments,
    inReplyTo: rendered.inReplyTo,
    references: rendered.references,
    origin: info.origin,
    draftUid: uid,
    notice: null,
  };
}
