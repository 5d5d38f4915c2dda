'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { queueAction } from './actions.ts';

/** Retry now / Delete with bounce / Delete silently for one queued message. */
export function QueueButtons({ jobId, queueId }: { jobId: string; queueId: string }) {
  const [state, action] = useActionState(queueAction.bind(null, jobId), initialFormState);
  const t = useTranslations('queue');
  return (
    <div className="flex flex-col items-end gap-1">
      <form action={action}>
        <fieldset className="flex flex-wrap justify-end gap-1" aria-label={t('actionsFor', { queueId })}>
          <SubmitButton variant="secondary" name="op" value="retry" pendingText="…" className="px-2 py-1 text-xs">
            {t('retryNow')}
          </SubmitButton>
          <SubmitButton variant="secondary" name="op" value="bounce" pendingText="…" className="px-2 py-1 text-xs">
            {t('deleteBounce')}
          </SubmitButton>
          <SubmitButton variant="danger" name="op" value="silent" pendingText="…" className="px-2 py-1 text-xs">
            {t('deleteSilently')}
          </SubmitButton>
        </fieldset>
      </form>
      {state.formError && (
        <span role="alert" className="text-xs text-red-600">
          {state.formError}
        </span>
      )}
    </div>
  );
}
