import { getTranslations } from 'next-intl/server';
import type { MailUser } from '@/lib/webmail/mail-session.ts';
import { fetchMessageSource } from '@/lib/webmail/message-list.ts';

/** The open message. */
export async function ReadingPane({ user, path, uid }: { user: MailUser; path: string; uid: number }) {
  const t = await getTranslations('webmail');
  const message = await fetchMessageSource(user.imap, path, uid);
  if (!message) return <p className="p-6 text-sm text-slate-500">{t('messageNotFound')}</p>;
  return (
    <article className="p-6" data-testid="reading-pane">
      <pre className="text-sm whitespace-pre-wrap">{message.source.toString('utf8')}</pre>
    </article>
  );
}
