import { formatQuota, formatSize, loadConfig } from '@kontor/core';
import { MAILBOX_LOGIN_PROTOCOLS } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody, UsageBar } from '@/components/ui.tsx';
import { loadMailbox } from '@/lib/domain.ts';
import { MailAppSetup } from './mail-app-setup.tsx';
import { DeleteMailboxForm, MailboxForm } from './mailbox-form.tsx';
import { loadMailboxSecurity } from './mailbox-security.ts';
import { GeneratePasswordForm, ResetTwoFactorForm, RevokeAppPasswordForm, SetPasswordForm } from './sign-in-forms.tsx';

type Props = { params: Promise<{ id: string; mailboxId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, mailboxId } = await params;
  const { mailbox } = await loadMailbox(id, mailboxId);
  return { title: mailbox.displayAddress };
}

export default async function MailboxSettingsPage({ params }: Props) {
  const { id, mailboxId } = await params;
  const { mailbox } = await loadMailbox(id, mailboxId);
  const [t, format, locale, security] = await Promise.all([getTranslations('mailbox'), getFormatter(), getLocale(), loadMailboxSecurity(mailbox.id)]);
  const config = loadConfig();
  const used = Number(mailbox.usedBytes);
  const quota = Number(mailbox.quotaBytes);
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const address = mailbox.displayAddress;
  return (
    <>
      <dl className="mb-8 grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm sm:col-span-2">
          <dt className="text-sm font-medium text-slate-500">{t('stats.storage')}</dt>
          <dd className="mt-2 flex items-baseline justify-between gap-4">
            <span className="text-2xl font-semibold tracking-tight" data-testid="mailbox-usage">
              {formatSize(used, locale)}{' '}
              <span className="text-base font-normal text-slate-500">
                {t('stats.ofQuota', { quota: quota > 0 ? formatSize(quota, locale) : t('settings.noLimit') })}
              </span>
            </span>
            {quota > 0 && (
              <span className="text-sm text-slate-500 tabular-nums">
                {format.number(Math.min(1, used / quota), { style: 'percent', maximumFractionDigits: 0 })}
              </span>
            )}
          </dd>
          <dd className="mt-3">
            <UsageBar used={used} quota={quota} label={t('stats.storageOf', { address })} />
          </dd>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
          <dt className="text-sm font-medium text-slate-500">{t('stats.messages')}</dt>
          <dd className="mt-2 text-2xl font-semibold tracking-tight tabular-nums" data-testid="mailbox-messages">
            {mailbox.messageCount}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">
            {mailbox.lastLoginAt ? t('stats.lastSignIn', { time: when(mailbox.lastLoginAt) }) : t('stats.neverSignedIn')}
          </dd>
        </div>
      </dl>
      <div className="space-y-8">
        <Card title={t('settings.title')}>
          <CardBody>
            <MailboxForm
              mailboxId={mailbox.id}
              current={{
                displayName: mailbox.displayName,
                quota: formatQuota(quota),
                active: mailbox.active,
                sendLimitPerHour: mailbox.sendLimitPerHour?.toString() ?? '',
                sendLimitPerDay: mailbox.sendLimitPerDay?.toString() ?? '',
              }}
              defaults={{ perHour: config.SEND_LIMIT_PER_HOUR, perDay: config.SEND_LIMIT_PER_DAY }}
            />
          </CardBody>
        </Card>

        <Card title={t('password.title')} description={t('password.description')} id="section-password">
          <CardBody className="space-y-6">
            <GeneratePasswordForm mailboxId={mailbox.id} address={address} />
            <div className="border-t border-slate-100 pt-5">
              <h3 className="mb-3 text-sm font-semibold text-slate-900">{t('password.setTitle')}</h3>
              <SetPasswordForm mailboxId={mailbox.id} />
            </div>
          </CardBody>
        </Card>

        <Card title={t('appPasswords.title')} description={t('appPasswords.description')} id="section-app-passwords">
          {security.appPasswords.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-500">{t('appPasswords.none')}</p>
            </CardBody>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label={t('appPasswords.title')}>
              {security.appPasswords.map((app) => (
                <li key={app.id} data-app-password={app.name} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-5 py-4">
                  <div className="min-w-0">
                    <p className="font-medium break-words text-slate-900">{app.name}</p>
                    <p className="text-xs text-slate-500">
                      {t('appPasswords.created', { date: when(app.createdAt) })} ·{' '}
                      {app.lastUsedAt ? t('appPasswords.lastUsed', { date: when(app.lastUsedAt) }) : t('appPasswords.neverUsed')}
                    </p>
                  </div>
                  <RevokeAppPasswordForm mailboxId={mailbox.id} appPasswordId={app.id} name={app.name} />
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('twoFactor.title')} description={t('twoFactor.description')} id="section-two-factor">
          <CardBody className="space-y-4">
            <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="two-factor-state">
              {security.twoFactor.state === 'on' && security.twoFactor.confirmedAt ? (
                <Badge tone="green">{t('twoFactor.on', { date: when(security.twoFactor.confirmedAt) })}</Badge>
              ) : security.twoFactor.state === 'pending' ? (
                <Badge tone="amber">{t('twoFactor.pending')}</Badge>
              ) : (
                <Badge>{t('twoFactor.off')}</Badge>
              )}
              {security.twoFactor.state !== 'off' && (
                <span className="text-slate-500">{t('twoFactor.recoveryCodes', { count: security.twoFactor.recoveryCodesLeft })}</span>
              )}
            </div>
            <ResetTwoFactorForm mailboxId={mailbox.id} address={address} enrolled={security.twoFactor.state !== 'off'} />
          </CardBody>
        </Card>

        <Card title={t('logins.title')} description={t('logins.description')} id="section-logins">
          <ul className="divide-y divide-slate-100" aria-label={t('logins.title')}>
            {MAILBOX_LOGIN_PROTOCOLS.map((protocol) => {
              const login = security.logins.find((l) => l.protocol === protocol);
              return (
                <li key={protocol} data-login={protocol} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-5 py-3 text-sm">
                  <span className="font-medium text-slate-700">{t(`logins.${protocol}`)}</span>
                  {login ? (
                    <span className="text-right text-slate-600">
                      <span className="tabular-nums">{when(login.at)}</span>
                      {login.ip && <span className="ml-2 font-mono text-xs break-all text-slate-500">{t('logins.from', { ip: login.ip })}</span>}
                    </span>
                  ) : (
                    <span className="text-slate-400">{t('logins.never')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>

        <Card title={t('setup.title')} description={t('setup.description')}>
          <CardBody>
            <MailAppSetup address={mailbox.address} />
            <a
              href={`/apple/${encodeURIComponent(mailbox.address)}.mobileconfig`}
              className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-800"
            >
              {t('setup.appleProfile')}
            </a>
          </CardBody>
        </Card>

        <Card title={t('delete.title')} description={t('delete.description')} className="border-red-200">
          <CardBody>
            <DeleteMailboxForm mailboxId={mailbox.id} address={address} messages={mailbox.messageCount} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
