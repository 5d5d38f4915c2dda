import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui.tsx';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import type { MailUser } from '@/lib/webmail/mail-session.ts';
import { type OpenedMessage, openRenderedMessage } from '@/lib/webmail/rendered-messages.ts';
import { MessageToolbar } from './message-toolbar.tsx';
import { ReadingPaneView } from './reading-pane-view.tsx';

/**
 * The open message (opening it marks it read): the toolbar, then the
 * message as ReadingPaneView shows it. Fetched over the user's own IMAP
 * connection; the body itself comes from the frame route, which finds the
 * rendering this page made in the cache.
 */
export async function ReadingPane({ user, path, uid }: { user: MailUser; path: string; uid: number }) {
  const t = await getTranslations('webmail');
  let message: OpenedMessage | null;
  try {
    // Rendered once for the page and its body frame (lib/webmail/rendered-messages.ts).
    message = await openRenderedMessage(user, { path, uid }, { part: null, allowRemote: false, markSeen: true });
  } catch (error) {
    const failure = imapFailure(error);
    if (failure === 'unavailable') return <Alert tone="amber">{t('unavailable')}</Alert>;
    if (failure === 'notFound') message = null;
    else throw error;
  }
  if (!message) return <p className="p-6 text-sm text-slate-500">{t('messageNotFound')}</p>;
  const { rendered } = message;
  const flags = message.flags.includes('\\Seen') ? message.flags : [...message.flags, '\\Seen'];
  return <ReadingPaneView user={user} message={rendered} path={path} uid={uid} part={null} toolbar={<MessageToolbar path={path} uid={uid} flags={flags} />} />;
}
