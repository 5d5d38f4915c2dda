import { getFormatter, getTranslations } from 'next-intl/server';
import type { MailAddress, RenderedMessage } from '@/lib/webmail/render/types.ts';

/** One address: the name (in its own direction, so an RTL name does not reorder the line) and the address beside it. */
function Address({ address, strong }: { address: MailAddress; strong?: boolean }) {
  const name = address.name.trim();
  if (!name || name.toLowerCase() === address.address.toLowerCase()) {
    return (
      <bdi className={strong ? 'font-semibold text-slate-900' : 'text-slate-800'} data-testid="address">
        {address.address}
      </bdi>
    );
  }
  return (
    <span data-testid="address">
      <bdi className={strong ? 'font-semibold text-slate-900' : 'text-slate-800'}>{name}</bdi> <bdi className="text-slate-500">&lt;{address.address}&gt;</bdi>
    </span>
  );
}

function AddressLine({ label, addresses, testId }: { label: string; addresses: MailAddress[]; testId: string }) {
  if (!addresses.length) return null;
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 [overflow-wrap:anywhere]" data-testid={testId}>
        {addresses.map((address, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one message, never reordered; the same value may repeat
          <span key={`${address.address}-${index}`}>
            {index > 0 && ', '}
            <Address address={address} />
          </span>
        ))}
      </dd>
    </>
  );
}

/** Subject, sender, recipients and date of a rendered message; every value is text React escapes. */
export async function ReadingPaneHeader({ message }: { message: RenderedMessage }) {
  const t = await getTranslations('webmailReader');
  const tw = await getTranslations('webmail');
  const format = await getFormatter();
  const from = message.from[0];
  const replyTo = message.replyTo.filter((entry) => !message.from.some((sender) => sender.address.toLowerCase() === entry.address.toLowerCase()));
  return (
    <header className="space-y-3 px-4 pt-4 pb-3 sm:px-6">
      <h2 dir="auto" className="text-lg leading-snug font-semibold text-slate-900 [overflow-wrap:anywhere] sm:text-xl" data-testid="message-subject">
        {message.subject || tw('noSubject')}
      </h2>
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="flex min-w-0 items-start gap-3">
          <span
            aria-hidden="true"
            className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700 uppercase"
          >
            {(from?.name.trim() || from?.address || '?').slice(0, 1)}
          </span>
          <div className="min-w-0 text-sm [overflow-wrap:anywhere]" data-testid="message-from">
            {message.from.length ? (
              message.from.map((sender, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one message, never reordered; the same value may repeat
                <div key={`${sender.address}-${index}`}>
                  <Address address={sender} strong />
                </div>
              ))
            ) : (
              <span className="text-slate-500">{tw('unknownSender')}</span>
            )}
          </div>
        </div>
        <div className="shrink-0 pl-12 text-xs text-slate-500 sm:pt-1 sm:pl-0 sm:text-sm" data-testid="message-date">
          {message.date ? (
            <time dateTime={message.date.toISOString()}>{format.dateTime(message.date, { dateStyle: 'full', timeStyle: 'short' })}</time>
          ) : (
            t('noDate')
          )}
        </div>
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 pl-12 text-sm">
        {message.to.length ? (
          <AddressLine label={t('to')} addresses={message.to} testId="message-to" />
        ) : (
          !message.cc.length && (
            <>
              <dt className="text-slate-500">{t('to')}</dt>
              <dd className="text-slate-500">{t('undisclosed')}</dd>
            </>
          )
        )}
        <AddressLine label={t('cc')} addresses={message.cc} testId="message-cc" />
        <AddressLine label={t('bcc')} addresses={message.bcc} testId="message-bcc" />
        <AddressLine label={t('replyTo')} addresses={replyTo} testId="message-reply-to" />
      </dl>
    </header>
  );
}
