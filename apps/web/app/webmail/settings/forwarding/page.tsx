import { getForwarding, MAX_FORWARD_ADDRESSES, ownMailboxOverview } from '@kontor/db';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ForwardingForm } from '@/app/(panel)/domains/[id]/mailboxes/[mailboxId]/forwarding/forwarding-form.tsx';
import { Alert, Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { saveOwnForwardingAction } from './actions.ts';
import { SwitchOffForwardingForm } from './switch-off-form.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailSettings.forwarding');
  return { title: t('metaTitle') };
}

/** The user's own forwarding, within what the domain allows (Domain.userForwarding). */
export default async function ForwardingSettingsPage() {
  const user = await requireMailUser();
  const db = getDb();
  const [forwarding, overview, t, ts] = await Promise.all([
    getForwarding(db, user.actor, user.actor.id),
    ownMailboxOverview(db, user.actor, user.actor.id),
    getTranslations('forwarding'),
    getTranslations('webmailSettings.forwarding'),
  ]);
  const policy = overview.domain.userForwarding;
  const domain = overview.domain.unicodeName;
  return (
    <Card title={t('title')} description={ts('description')}>
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
        {policy === 'off' ? (
          <div className="space-y-4" data-testid="forwarding-not-allowed">
            <Alert tone="amber">{ts('off', { domain })}</Alert>
            {forwarding.enabled && (
              <>
                <p className="text-sm text-slate-600">{ts('offStillOn')}</p>
                <SwitchOffForwardingForm />
              </>
            )}
          </div>
        ) : (
          <>
            {policy === 'internal' && <Alert tone="blue">{ts('internal', { domain })}</Alert>}
            <ForwardingForm
              action={saveOwnForwardingAction}
              maxAddresses={MAX_FORWARD_ADDRESSES}
              hint={policy === 'internal' ? ts('internalHint', { domain, max: MAX_FORWARD_ADDRESSES }) : undefined}
              current={{ enabled: forwarding.enabled, forwardTo: forwarding.forwardTo.map((f) => f.address), keepCopy: forwarding.keepCopy }}
            />
            <ul className="list-disc space-y-2 border-t border-slate-100 pt-4 pl-5 text-sm text-slate-500">
              <li>{t('aboutAutoresponder')}</li>
              <li>{t('aboutLoops')}</li>
            </ul>
          </>
        )}
      </CardBody>
    </Card>
  );
}
