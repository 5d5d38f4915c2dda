'use client';

import { autoReplySubject } from '@kontor/core/autoreply-subject';
import { useTranslations } from 'next-intl';
import { type ReactNode, useActionState, useCallback, useEffect, useRef, useState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { Alert } from '@/components/ui.tsx';
import { type FormState, initialFormState } from '@/lib/form-state.ts';
import { saveAutoresponderAction } from './actions.ts';

export interface AutoresponderFormValues {
  enabled: boolean;
  subject: string;
  body: string;
  /** Wall-clock times in the domain's time zone, as the datetime-local fields take them. */
  startsAt: string;
  endsAt: string;
  intervalDays: string;
}

interface Draft {
  enabled: boolean;
  subject: string;
  body: string;
}

/**
 * The autoresponder's fields beside a live preview of the reply, as the
 * sender will see it (the subject built by the same function maild uses).
 * Webmail's settings pass their own `action` (the user's own mailbox, no
 * mailboxId in the form).
 */
export function AutoresponderForm({
  mailboxId,
  current,
  from,
  timeZoneNote,
  action: save = saveAutoresponderAction,
}: {
  mailboxId?: number;
  current: AutoresponderFormValues;
  from: { address: string; name: string };
  timeZoneNote: ReactNode;
  action?: (prev: FormState, formData: FormData) => Promise<FormState>;
}) {
  const t = useTranslations('autoresponder');
  const [state, action] = useActionState(save, initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  const value = (field: keyof AutoresponderFormValues & string, fallback: string) => (changed ? (v[field] ?? '') : fallback);
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>({ enabled: current.enabled, subject: current.subject, body: current.body });
  const sync = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    setDraft({ enabled: data.get('enabled') === 'on', subject: String(data.get('subject') ?? ''), body: String(data.get('body') ?? '') });
  }, []);
  // After a save React resets the fields to their new defaults: read them again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: state is the trigger, not an input
  useEffect(sync, [state, sync]);

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <form ref={formRef} action={action} noValidate aria-label={t('form')} onChange={sync} onInput={sync} className="min-w-0 lg:col-span-3">
        <FormMessage state={state} />
        {mailboxId !== undefined && <input type="hidden" name="mailboxId" value={mailboxId} />}
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <CheckboxField
              name="enabled"
              label={t('enabled')}
              description={t('enabledHint')}
              defaultChecked={changed ? v.enabled === 'on' : current.enabled}
              error={e.enabled}
            />
          </div>
          <Field
            name="subject"
            label={t('subject')}
            className="sm:col-span-2"
            placeholder={t('subjectPlaceholder')}
            defaultValue={value('subject', current.subject)}
            error={e.subject}
            hint={t('subjectHint')}
          />
          <Field
            name="body"
            label={t('body')}
            className="sm:col-span-2"
            multiline
            rows={7}
            placeholder={t('bodyPlaceholder')}
            defaultValue={value('body', current.body)}
            error={e.body}
            hint={t('bodyHint')}
          />
          <Field
            name="startsAt"
            label={t('startsAt')}
            type="datetime-local"
            defaultValue={value('startsAt', current.startsAt)}
            error={e.startsAt}
            hint={t('startsAtHint')}
          />
          <Field
            name="endsAt"
            label={t('endsAt')}
            type="datetime-local"
            defaultValue={value('endsAt', current.endsAt)}
            error={e.endsAt}
            hint={t('endsAtHint')}
          />
          <p className="text-sm text-slate-500 sm:col-span-2" data-testid="autoresponder-time-zone">
            {timeZoneNote}
          </p>
          <Field
            name="intervalDays"
            label={t('intervalDays')}
            type="number"
            inputMode="numeric"
            suffix={t('days')}
            defaultValue={value('intervalDays', current.intervalDays)}
            error={e.intervalDays}
            hint={t('intervalDaysHint')}
          />
        </div>
        <div className="mt-5 flex justify-end">
          <SubmitButton>{t('save')}</SubmitButton>
        </div>
      </form>
      <Preview draft={draft} from={from} />
    </div>
  );
}

function Preview({ draft, from }: { draft: Draft; from: { address: string; name: string } }) {
  const t = useTranslations('autoresponder.preview');
  const example = t('exampleSubject');
  const subject = draft.subject.trim();
  return (
    <section aria-label={t('label')} className="min-w-0 lg:col-span-2">
      <div className="lg:sticky lg:top-6">
        <h3 className="text-sm font-semibold text-slate-900">{t('title')}</h3>
        <p className="mt-0.5 text-sm text-slate-500">{t('description', { subject: example })}</p>
        {!draft.enabled && (
          <div className="mt-3">
            <Alert tone="amber">{t('off')}</Alert>
          </div>
        )}
        <div className="mt-3 overflow-hidden rounded-lg border border-slate-200 bg-slate-50" data-testid="autoresponder-preview">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-4 py-3 text-sm">
            <dt className="text-slate-500">{t('from')}</dt>
            <dd className="min-w-0 break-words text-slate-900">
              {from.name ? (
                <>
                  {from.name} <span className="text-slate-500">&lt;{from.address}&gt;</span>
                </>
              ) : (
                from.address
              )}
            </dd>
            <dt className="text-slate-500">{t('to')}</dt>
            <dd className="min-w-0 text-slate-600 italic">{t('sender')}</dd>
            <dt className="text-slate-500">{t('subject')}</dt>
            <dd className="min-w-0 font-medium break-words text-slate-900" data-testid="autoresponder-preview-subject">
              {subject ? autoReplySubject(subject, example) : <span className="font-normal text-slate-400 italic">{t('emptySubject')}</span>}
            </dd>
          </dl>
          <div className="px-4 py-4 text-sm whitespace-pre-wrap break-words text-slate-800" data-testid="autoresponder-preview-body">
            {draft.body.trim() ? draft.body : <span className="text-slate-400 italic">{t('emptyBody')}</span>}
          </div>
        </div>
      </div>
    </section>
  );
}
