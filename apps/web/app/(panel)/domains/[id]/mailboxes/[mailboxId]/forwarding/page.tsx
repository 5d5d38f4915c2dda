import { getForwarding, MAX_FORWARD_ADDRESSES } from '@kontor/db';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadMailbox } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { ForwardingForm } from './forwarding-form.tsx';

type Props = { params: Promise<{ id: string; mailboxId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, mailboxId } = await params;
  const [{ mailbox }, t] = await Promise.all([loadMailbox(id, mailboxId), getTranslations('forwarding')]);
  return { title: t('pageTitle', { address: mailbox.displayAddress }) };
}

/** A mailbox's forwarding (the header and tabs are the mailbox layout's). */
export default async function MailboxForwardingPage({ params }: Props) {
  const { id, mailboxId } = await params;
  // loadMailbox is the 404 for a mailbox outside the admin's domains or outside this domain.
  const { mailbox } = await loadMailbox(id, mailboxId);
  const { actor } = await requireActor();
  const [forwarding, t] = await Promise.all([getForwarding(getDb(), actor, mailbox.id), getTranslations('forwarding')]);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card title={t('title')} description={t('description')}>
          <CardBody className="space-y-5">
            <div className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm" data-testid="forwarding-status">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-700">{t('status')}</span>
                <Badge tone={forwarding.enabled ? 'indigo' : 'gray'}>{forwarding.enabled ? t('on') : t('off')}</Badge>
                <span className="text-slate-600">
                  {forwarding.enabled
                    ? `${t('summaryOn', { count: forwarding.forwardTo.length })} ${forwarding.keepCopy ? t('keepsCopy') : t('keepsNoCopy')}`
                    : t('summaryOff')}
                </span>
              </p>
              {forwarding.enabled && (
                <ul aria-label={t('targets')} className="mt-2 space-y-1">
                  {forwarding.forwardTo.map((target) => (
                    <li key={target.address} className="flex min-w-0 flex-wrap items-center gap-2">
                      <span className="font-mono text-xs break-all text-slate-800">{target.address}</span>
                      <Badge tone={target.external ? 'amber' : 'green'}>{target.external ? t('elsewhere') : t('here')}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <ForwardingForm
              mailboxId={mailbox.id}
              maxAddresses={MAX_FORWARD_ADDRESSES}
              current={{ enabled: forwarding.enabled, forwardTo: forwarding.forwardTo.map((f) => f.address), keepCopy: forwarding.keepCopy }}
            />
          </CardBody>
        </Card>
      </div>
      <Card title={t('aboutTitle')} className="h-fit">
        <CardBody>
          <ul className="list-disc space-y-2 pl-5 text-sm text-slate-600">
            <li>{t('aboutExternal')}</li>
            <li>{t('aboutAutoresponder')}</li>
            <li>{t('aboutLoops')}</li>
          </ul>
        </CardBody>
      </Card>
    </div>
  );
}
