'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { dkimRotationAction } from './actions.ts';

export function DkimRotation({ domainId, pending }: { domainId: number; pending: boolean }) {
  const t = useTranslations('dns');
  const [rotateState, rotate] = useActionState(dkimRotationAction.bind(null, domainId, 'rotate'), initialFormState);
  const [activateState, activate] = useActionState(dkimRotationAction.bind(null, domainId, 'activate'), initialFormState);
  return (
    <div>
      <FormMessage state={activateState.status !== 'idle' ? activateState : rotateState} />
      <div className="flex flex-wrap gap-2">
        {!pending && (
          <form action={rotate}>
            <SubmitButton variant="secondary" pendingText={t('rotating')}>
              {t('rotate')}
            </SubmitButton>
          </form>
        )}
        {pending && (
          <form action={activate}>
            <SubmitButton pendingText={t('activating')}>{t('activate')}</SubmitButton>
          </form>
        )}
      </div>
    </div>
  );
}
