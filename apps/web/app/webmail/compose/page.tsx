import { loadConfig, TemporarilyUnavailableError } from '@kontor/core';
import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/client-messages.tsx';
import { Alert } from '@/components/ui.tsx';
import { composeContext } from '@/lib/webmail/compose/compose-context.ts';
import { composeInitial, parseComposeQuery } from '@/lib/webmail/compose/compose-state.ts';
import { correspondents } from '@/lib/webmail/compose/correspondents.ts';
import type { QuoteLabels } from '@/lib/webmail/compose/reply-prefill.ts';
import { attachmentAllowance, sweepUploadsNowAndThen } from '@/lib/webmail/compose/uploads.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { ComposeForm } from './_components/compose-form.tsx';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailCompose');
  return { title: t('metaTitle') };
}

async function quoteLabels(): Promise<QuoteLabels> {
  const t = await getTranslations('webmailCompose.quote');
  const format = await getFormatter();
  return {
    wrote: (date, sender) => t('wrote', { date, sender }),
    forwarded: t('forwarded'),
    from: t('from'),
    date: t('date'),
    subject: t('subject'),
    to: t('to'),
    cc: t('cc'),
    formatDate: (date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' }),
  };
}

/**
 * Writing a message (URL contract in docs/webmail.md): new, ?to=, a reply
 * or forward of ?f=<folder>&uid=, or a draft reopened with ?draft=<uid>.
 */
export default async function ComposePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireMailUser();
  sweepUploadsNowAndThen();
  const t = await getTranslations('webmailCompose');
  const query = parseComposeQuery(await searchParams);
  try {
    const context = await composeContext(user);
    const own = new Set(context.identities.map((identity) => identity.address.toLowerCase()));
    const initial = await composeInitial(user, query, { ...context, labels: await quoteLabels() });
    const suggestions = await correspondents(user.imap, { sent: context.sentPath }, own);
    const { MAX_MESSAGE_SIZE } = loadConfig();
    return (
      <ClientMessages area="webmailCompose">
        <ComposeForm
          heading={t(`heading.${query.draft ? 'draft' : query.mode}`)}
          initial={initial}
          identities={context.identities}
          signatures={context.signatures}
          suggestions={suggestions}
          allowance={attachmentAllowance(MAX_MESSAGE_SIZE)}
          maxMessageSize={MAX_MESSAGE_SIZE}
        />
      </ClientMessages>
    );
  } catch (error) {
    if (!(error instanceof TemporarilyUnavailableError)) throw error;
    const tw = await getTranslations('webmail');
    return (
      <div className="p-4">
        <Alert tone="amber">{tw('unavailable')}</Alert>
      </div>
    );
  }
}
