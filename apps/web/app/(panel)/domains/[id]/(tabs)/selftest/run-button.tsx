'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { runSelftestAction } from './actions.ts';

export function RunSelftestButton({ domainId }: { domainId: number }) {
  const t = useTranslations('selftest');
  const [state, run] = useActionState(runSelftestAction.bind(null, domainId), initialFormState);
  return (
    <div className="space-y-2">
      <FormMessage state={state} />
      <form action={run}>
        <SubmitButton pendingText={t('running')}>{t('run')}</SubmitButton>
      </form>
    </div>
  );
}

/** While a run is pending the page asks the server again every second and a half, until the verdicts are there. */
export function RefreshWhilePending() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
