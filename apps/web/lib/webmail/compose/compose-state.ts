import 'server-only';
import { folderFromSlug } from '../folder-path.ts';
import type { MailUser } from '../mail-session.ts';
import { type ComposeInitial, type ComposeMode, ID_PATTERN, type Identity, REPLY_MODES, type Recipient, type Signature } from './compose-input.ts';
import { openDraft } from './drafts.ts';
import { attachWhole, copyAttachments, loadMessage } from './original.ts';
import { type QuoteLabels, replyPrefill } from './reply-prefill.ts';
import { initialBody } from './signature-block.ts';
import { randomId } from './uploads.ts';

/** The compose URL (docs: webmail contracts): new, ?to=, ?mode=…&f=<folderSlug>&uid=, ?draft=<uid>[&k=<draft id>]. */
export interface ComposeQuery {
  mode: ComposeMode;
  folder: string | null;
  uid: number | null;
  draft: number | null;
  draftKey: string | null;
  to: string | null;
}

type Params = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function positive(value: string | undefined): number | null {
  const number = Number(value);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

export function parseComposeQuery(params: Params): ComposeQuery {
  const mode = REPLY_MODES.find((m) => m === first(params.mode)) ?? 'new';
  const key = first(params.k);
  return {
    mode,
    folder: folderFromSlug(first(params.f) ?? ''),
    uid: positive(first(params.uid)),
    draft: positive(first(params.draft)),
    draftKey: key && ID_PATTERN.test(key) ? key : null,
    to: first(params.to)?.trim().slice(0, 320) || null,
  };
}

export interface ComposeSetup {
  identities: Identity[];
  signatures: Signature[];
  draftsPath: string;
  labels: QuoteLabels;
}

function signatureOf(signatures: Signature[], address: string): Signature | null {
  return signatures.find((s) => s.identity === address.toLowerCase()) ?? null;
}

/** `?to=` takes an address, or a mailto: link as browsers hand it over. */
function toRecipients(to: string | null): Recipient[] {
  if (!to) return [];
  const address = to
    .replace(/^mailto:/i, '')
    .split('?')[0]!
    .trim();
  return address.includes('@') ? [{ name: '', address }] : [];
}

function blank(setup: ComposeSetup, query: ComposeQuery, notice: ComposeInitial['notice']): ComposeInitial {
  const from = setup.identities[0]!.address;
  return {
    composeId: randomId(),
    draftKey: randomId(),
    from,
    to: notice ? [] : toRecipients(query.to),
    cc: [],
    bcc: [],
    subject: '',
    format: 'html',
    body: initialBody('html', signatureOf(setup.signatures, from), null),
    attachments: [],
    inReplyTo: null,
    references: [],
    origin: null,
    draftUid: null,
    notice,
  };
}

/** The form's starting state for the URL. */
export async function composeInitial(user: MailUser, query: ComposeQuery, setup: ComposeSetup): Promise<ComposeInitial> {
  if (query.draft) {
    const opened = await openDraft(
      user,
      { uid: query.draft, draftKey: query.draftKey },
      { draftsPath: setup.draftsPath, composeId: randomId(), newKey: randomId() },
    );
    return opened ?? blank(setup, query, 'draftMissing');
  }
  if (query.mode === 'new') return blank(setup, query, null);
  const loaded = query.folder && query.uid ? await loadMessage(user.imap, query.folder, query.uid) : null;
  if (!loaded || !query.folder || !query.uid) return blank(setup, query, 'originalMissing');
  const own = new Set(setup.identities.map((identity) => identity.address.toLowerCase()));
  const prefill = replyPrefill(query.mode, loaded.message, own, setup.labels);
  const from = setup.identities.find((identity) => identity.address.toLowerCase() === prefill.identity)?.address ?? setup.identities[0]!.address;
  const state = blank(setup, query, null);
  const scope = { sessionId: user.sessionId, composeId: state.composeId };
  const attachments =
    query.mode === 'forward' ? await copyAttachments(loaded, scope) : query.mode === 'forwardAttachment' ? [await attachWhole(loaded, scope)] : [];
  return {
    ...state,
    from,
    to: prefill.to,
    cc: prefill.cc,
    subject: prefill.subject,
    body: initialBody('html', signatureOf(setup.signatures, from), query.mode === 'forwardAttachment' ? null : prefill.quote),
    attachments,
    inReplyTo: prefill.inReplyTo,
    references: prefill.references,
    origin: { mode: query.mode, folder: query.folder, uid: query.uid },
  };
}
