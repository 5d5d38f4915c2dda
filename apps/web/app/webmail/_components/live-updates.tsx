'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/**
 * The page's live line to the server (app/webmail/events): each change in
 * the watched folder (new mail, flags or a move made in another mail app)
 * refreshes the server-rendered page in place. EventSource reconnects by
 * itself; after a reconnect the page is refreshed once, for what changed
 * while no stream was open.
 */
export function LiveUpdates() {
  const router = useRouter();
  const t = useTranslations('webmail.live');
  const [state, setState] = useState<'connecting' | 'open' | 'error'>('connecting');
  useEffect(() => {
    const source = new EventSource('/webmail/events');
    let pending: ReturnType<typeof setTimeout> | undefined;
    // Changes made while the stream was down (maild restarted, the network gone) sent no event.
    let missed = false;
    const refreshSoon = () => {
      // A burst of changes (a move of 50 messages) is one refresh.
      clearTimeout(pending);
      pending = setTimeout(() => router.refresh(), 150);
    };
    source.addEventListener('open', () => {
      setState('open');
      if (missed) refreshSoon();
      missed = false;
    });
    source.addEventListener('error', () => {
      missed = true;
      setState('error');
    });
    source.addEventListener('change', refreshSoon);
    return () => {
      clearTimeout(pending);
      source.close();
    };
  }, [router]);
  return (
    <span className="text-xs text-slate-500" data-testid="live-state" data-state={state} aria-live="polite">
      {state === 'error' ? t('reconnecting') : state === 'open' ? t('connected') : ''}
    </span>
  );
}
