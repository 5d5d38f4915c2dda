'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { queueAction } from './actions.ts';

/** Retry now / Delete with bounce / Delete silently for one queued message. */
export function QueueButtons({ jobId, queueId }: { jobId: string; queueId: string }) {
  const [retryState, retry] = useActionState(queueAction.bind(null, jobId, 'retry'), initialFormState);
  const [bounceState, bounce] = useActionState(queueAction.bind(null, jobId, 'bounce'), initialFormState);
  const [silentState, silent] = useActionState(queueAction.bind(null, jobId, 'silent'), initialFormState);
  const t = useTranslations('queue');
  const error = [retryState, bounceState, silentState].find((s) => s.formError)?.formError;
  return (
    <div className="flex flex-col items-end gap-1">
      <fieldset className="flex flex-wrap justify-end gap-1" aria-label={t('actionsFor', { queueId })}>
        <form action={retry}>
          <SubmitButton variant="secondary" pendingText="…" className="px-2 py-1 text-xs">
            {t('retryNow')}
          </SubmitButton>
        </form>
        <form action={bounce}>
          <SubmitButton variant="secondary" pendingText="…" className="px-2 py-1 text-xs">
            {t('deleteBounce')}
          </SubmitButton>
        </form>
        <form action={silent}>
          <SubmitButton variant="danger" pendingText="…" className="px-2 py-1 text-xs">
            {t('deleteSilently')}
          </SubmitButton>
        </form>
      </fieldset>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
    </div>
  );
}
