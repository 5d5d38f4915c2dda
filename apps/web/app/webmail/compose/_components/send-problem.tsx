'use client';

import { useTranslations } from 'next-intl';
import { Alert } from '@/components/ui.tsx';
import type { SendProblem } from '@/lib/webmail/compose/compose-input.ts';

/** Why the message did not (fully) go out, in the user's language. */
export function SendProblemAlert({ problem, partial }: { problem: SendProblem; partial: boolean }) {
  const t = useTranslations('webmailCompose.problem');
  if (problem.code === 'recipientsRefused') {
    return (
      <Alert tone={partial ? 'amber' : 'red'} role="alert">
        <div data-testid="send-problem" data-code={problem.code}>
          <p className="font-medium">{partial ? t('partial') : t('recipientsRefused')}</p>
          <ul className="mt-1 list-disc pl-5">
            {problem.refused.map((entry) => (
              <li key={entry.address}>
                {entry.address}: {t(`reason.${entry.reason}`, { detail: entry.detail })}
              </li>
            ))}
          </ul>
          {partial && <p className="mt-1">{t('partialHint')}</p>}
        </div>
      </Alert>
    );
  }
  const text = (() => {
    switch (problem.code) {
      case 'senderRefused':
        return t('senderRefused', { address: problem.address });
      case 'sendLimit':
        return problem.limit ? t('sendLimit', { limit: problem.limit, window: problem.window ?? 'day' }) : t('sendLimitUnknown');
      case 'invalidAddress':
        return t('invalidAddress', { address: problem.address });
      case 'temporary':
        return t('temporary', { detail: problem.detail });
      case 'refused':
        return t('refused', { detail: problem.detail });
      default:
        return t(problem.code);
    }
  })();
  return (
    <Alert tone="red" role="alert">
      <div data-testid="send-problem" data-code={problem.code}>
        <p className="font-medium">{t('title')}</p>
        <p className="mt-0.5">{text}</p>
      </div>
    </Alert>
  );
}
