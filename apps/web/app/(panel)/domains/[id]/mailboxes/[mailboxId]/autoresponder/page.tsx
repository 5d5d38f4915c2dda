import { utcToZonedLocal } from '@kontor/core';
import { getAutoresponder } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadMailbox } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { AutoresponderForm } from './autoresponder-form.tsx';

type Props = { params: Promise<{ id: string; mailboxId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, mailboxId } = await params;
  const { mailbox } = await loadMailbox(id, mailboxId);
  const t = await getTranslations('autoresponder');
  return { title: t('metaTitle', { address: mailbox.displayAddress }) };
}

const STATE_TONE = { off: 'gray', scheduled: 'blue', active: 'green', expired: 'amber' } as const;

/**
 * A mailbox's vacation reply: on/off, text, start and end in the domain's
 * time zone, interval. Sits under the mailbox's header and tabs (the
 * layout of [mailboxId]); the card names the mailbox, so it reads on its own.
 */
export default async function AutoresponderPage({ params }: Props) {
  const { id, mailboxId } = await params;
  const { domain, mailbox } = await loadMailbox(id, mailboxId);
  const { actor } = await requireActor();
  const [view, t, format] = await Promise.all([getAutoresponder(getDb(), actor, mailbox.id), getTranslations('autoresponder'), getFormatter()]);
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
      description={t('description', { address: mailbox.displayAddress })}
    >
      <CardBody>
        <p className="mb-5 text-sm text-slate-700" data-testid="autoresponder-status">
          {status}
          {view.updatedAt && <span className="text-slate-500"> · {t('lastChanged', { when: when(view.updatedAt) })}</span>}
        </p>
        <AutoresponderForm
          mailboxId={mailbox.id}
          from={{ address: mailbox.displayAddress, name: mailbox.displayName }}
          current={{
            enabled: settings.enabled,
            subject: settings.subject,
            body: settings.body,
            startsAt: settings.startsAt ? utcToZonedLocal(settings.startsAt, timeZone) : '',
            endsAt: settings.endsAt ? utcToZonedLocal(settings.endsAt, timeZone) : '',
            intervalDays: String(settings.intervalDays),
          }}
          timeZoneNote={
            <>
              {t('timeZone', { zone: timeZone, domain: domain.unicodeName })}{' '}
              <Link href={`/domains/${domain.id}/settings`} className="font-medium text-indigo-600 hover:text-indigo-500">
                {t('timeZoneLink')}
              </Link>
            </>
          }
        />
      </CardBody>
    </Card>
  );
}
