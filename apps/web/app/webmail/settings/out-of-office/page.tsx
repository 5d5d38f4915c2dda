import { utcToZonedLocal } from '@kontor/core';
import { getAutoresponder } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AutoresponderForm } from '@/app/(panel)/domains/[id]/mailboxes/[mailboxId]/autoresponder/autoresponder-form.tsx';
import { Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { saveOwnAutoresponderAction } from './actions.ts';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailSettings.outOfOffice');
  return { title: t('metaTitle') };
}

const STATE_TONE = { off: 'gray', scheduled: 'blue', active: 'green', expired: 'amber' } as const;

/** The user's own vacation reply: the admin's form and rules, dates in the domain's time zone, a live preview. */
export default async function OutOfOfficePage() {
  const user = await requireMailUser();
  const [view, t, ts, format] = await Promise.all([
    getAutoresponder(getDb(), user.actor, user.actor.id),
    getTranslations('autoresponder'),
    getTranslations('webmailSettings.outOfOffice'),
    getFormatter(),
  ]);
  const { settings, state } = view;
  const timeZone = view.domain.timeZone;
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const status =
    state === 'active'
      ? settings.endsAt
        ? t('status.activeUntil', { end: when(settings.endsAt) })
        : t('status.active')
      : state === 'scheduled' && settings.startsAt
        ? t('status.scheduled', { start: when(settings.startsAt) })
        : state === 'expired' && settings.endsAt
          ? t('status.expired', { end: when(settings.endsAt) })
          : t('status.off');
  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          {t('title')}
          <span data-testid="autoresponder-state" data-state={state}>
            <Badge tone={STATE_TONE[state]}>{t(`state.${state}`)}</Badge>
          </span>
        </span>
      }
      description={t('description', { address: view.mailbox.displayAddress })}
    >
      <CardBody>
        <p className="mb-5 text-sm text-slate-700" data-testid="autoresponder-status">
          {status}
          {view.updatedAt && <span className="text-slate-500"> · {t('lastChanged', { when: when(view.updatedAt) })}</span>}
        </p>
        <AutoresponderForm
          action={saveOwnAutoresponderAction}
          from={{ address: view.mailbox.displayAddress, name: view.mailbox.displayName }}
          current={{
            enabled: settings.enabled,
            subject: settings.subject,
            body: settings.body,
            startsAt: settings.startsAt ? utcToZonedLocal(settings.startsAt, timeZone) : '',
            endsAt: settings.endsAt ? utcToZonedLocal(settings.endsAt, timeZone) : '',
            intervalDays: String(settings.intervalDays),
          }}
          timeZoneNote={ts('timeZone', { zone: timeZone, domain: view.domain.unicodeName })}
        />
      </CardBody>
    </Card>
  );
}
