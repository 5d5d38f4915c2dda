'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { bodyHref } from '@/lib/webmail/reader-links.ts';
import { FRAME_SANDBOX } from '@/lib/webmail/render/frame-csp.ts';
import { trustSenderAction, untrustSenderAction } from '../message/actions.ts';

const barButton =
  'inline-flex items-center rounded-md bg-white px-2.5 py-1 text-xs font-semibold text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-60';

/**
 * The message body in its sandboxed frame (the `body` route, which renders
 * with remote content only when asked), and above it the bar that offers
 * remote content: for this message (the frame is loaded again with
 * remote=1), or always for the sender (stored, then the pane reloads).
 * The frame cannot run script, so it cannot report its height: it fills
 * the rest of the pane and scrolls inside.
 */
export function ReadingPaneBody({
  path,
  uid,
  part,
  subject,
  sender,
  hasRemoteContent,
  trusted,
}: {
  path: string;
  uid: number;
  part: string | null;
  subject: string;
  /** The From address, the one "Always for this sender" trusts; null without a usable From. */
  sender: string | null;
  /** Rendered without remote content, something was removed. */
  hasRemoteContent: boolean;
  trusted: boolean;
}) {
  const t = useTranslations('webmailReader');
  const router = useRouter();
  const [shownOnce, setShownOnce] = useState(false);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const remote = trusted || shownOnce;

  const change = (action: typeof trustSenderAction) =>
    startTransition(async () => {
      if (!sender) return;
      const result = await action(sender);
      setFailed(!result.ok);
      if (result.ok) {
        setShownOnce(false);
        router.refresh();
      }
    });

  return (
    <>
      {hasRemoteContent && (
        <div
          className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
          data-testid="remote-bar"
          data-state={trusted ? 'trusted' : shownOnce ? 'shown' : 'blocked'}
        >
          {trusted ? (
            <>
              <span className="min-w-0 [overflow-wrap:anywhere]">{t('remote.trusted', { address: sender ?? '' })}</span>
              <button type="button" className={barButton} disabled={pending} onClick={() => change(untrustSenderAction)} data-testid="remote-untrust">
                {t('remote.untrust')}
              </button>
            </>
          ) : (
            <>
              <span className="min-w-0" title={t('remote.blockedHint')}>
                {shownOnce ? t('remote.shownOnce') : <strong className="font-semibold">{t('remote.blocked')}</strong>}
              </span>
              <span className="flex flex-wrap gap-2">
                {!shownOnce && (
                  <button type="button" className={barButton} onClick={() => setShownOnce(true)} data-testid="remote-show-once">
                    {t('remote.showOnce')}
                  </button>
                )}
                {sender && (
                  <button type="button" className={barButton} disabled={pending} onClick={() => change(trustSenderAction)} data-testid="remote-trust">
                    {t('remote.alwaysSender')}
                  </button>
                )}
              </span>
            </>
          )}
          {failed && (
            <span role="alert" className="text-xs text-red-700">
              {t('remote.failed')}
            </span>
          )}
        </div>
      )}
      <iframe
        key={remote ? 'remote' : 'blocked'}
        src={bodyHref(path, uid, { part, remote })}
        sandbox={FRAME_SANDBOX}
        title={t('frameTitle', { subject })}
        className="block min-h-[28rem] w-full flex-1 border-0 bg-white sm:px-2"
        data-testid="message-frame"
        data-remote={remote ? 'allowed' : 'blocked'}
      />
    </>
  );
}
