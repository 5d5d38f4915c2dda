import { formatSize, PASSWORD_MIN_LENGTH } from '@kontor/core';
import { listMailboxSessions, listOwnAppPasswords, mailboxTwoFactorStatus, ownMailboxOverview, pendingMailboxTotp } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { TwoFactorSection } from '@/app/(panel)/account/two-factor-section.tsx';
import { Alert, Badge, Card, CardBody, Table, Td, Th, UsageBar } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { enrolmentView, twoFactorOptions } from '@/lib/two-factor.ts';
import { describeBrowser } from '@/lib/user-agent.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { CreateAppPasswordForm, RevokeAppPasswordButton } from './_components/app-passwords.tsx';
import { PasswordForm } from './_components/password-form.tsx';
import { EndOtherSessionsForm, EndSessionButton } from './_components/session-forms.tsx';
import {
  confirmMailboxTwoFactorAction,
  disableMailboxTwoFactorAction,
  regenerateMailboxRecoveryCodesAction,
  startMailboxTwoFactorAction,
} from './two-factor-actions.ts';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailSettings.tabs');
  return { title: t('account') };
}

/** Account & security: storage, password, two-factor sign-in, app passwords, signed-in browsers. */
export default async function AccountSettingsPage() {
  const user = await requireMailUser();
  const db = getDb();
  const { actor } = user;
  const [overview, status, pending, appPasswords, sessions] = await Promise.all([
    ownMailboxOverview(db, actor, actor.id),
    mailboxTwoFactorStatus(db, actor, actor.id),
    pendingMailboxTotp(db, actor, actor.id, twoFactorOptions()),
    listOwnAppPasswords(db, actor, actor.id),
    listMailboxSessions(db, actor, actor.id),
  ]);
  const [t, format, locale] = await Promise.all([getTranslations('webmailSettings'), getFormatter(), getLocale()]);
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const browserName = (userAgent: string) => {
    const { browser, system } = describeBrowser(userAgent);
    if (browser && system) return t('sessions.browserOn', { browser, system });
    return browser || system || t('sessions.unknownBrowser');
  };
  const { usedBytes: used, quotaBytes: quota } = overview;
  const nearlyFull = quota > 0 && used / quota >= 0.9;
  return (
    <>
      <Card title={t('storage.title')}>
        <CardBody className="space-y-3">
          <p className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm text-slate-700" data-testid="storage-usage">
            <span className="font-medium text-slate-900">
              {quota > 0
                ? t('storage.used', { used: formatSize(used, locale), quota: formatSize(quota, locale) })
                : t('storage.usedUnlimited', { used: formatSize(used, locale) })}
            </span>
            <span className="text-slate-500 tabular-nums">
              {quota > 0 && `${format.number(Math.min(1, used / quota), { style: 'percent', maximumFractionDigits: 0 })} · `}
              {t('storage.messages', { count: overview.messageCount })}
            </span>
          </p>
          <UsageBar used={used} quota={quota} label={t('storage.label')} />
          {nearlyFull && <Alert tone="amber">{t('storage.nearlyFull')}</Alert>}
        </CardBody>
      </Card>

      <Card title={t('password.title')} description={t('password.description')} id="password">
        <CardBody>
          <PasswordForm minLength={PASSWORD_MIN_LENGTH} />
        </CardBody>
      </Card>

      <Card title={t('twoFactor.title')} description={t('twoFactor.description')} id="two-factor">
        <CardBody className="space-y-5">
          <Alert tone={status.enabled ? 'blue' : 'amber'}>{t('twoFactor.mailApps')}</Alert>
          <TwoFactorSection
            status={{
              enabled: status.enabled,
              onSince: status.enabledAt ? format.dateTime(status.enabledAt, { dateStyle: 'medium' }) : undefined,
              codesLeft: status.recoveryCodesLeft,
              required: false,
            }}
            enrolment={await enrolmentView(pending)}
            email={overview.displayAddress}
            actions={{
              start: startMailboxTwoFactorAction,
              confirm: confirmMailboxTwoFactorAction,
              regenerate: regenerateMailboxRecoveryCodesAction,
              disable: disableMailboxTwoFactorAction,
            }}
          />
        </CardBody>
      </Card>

      <Card title={t('appPasswords.title')} description={t('appPasswords.description')} id="app-passwords">
        <CardBody className="border-b border-slate-100">
          <CreateAppPasswordForm address={overview.address} />
        </CardBody>
        {appPasswords.length === 0 ? (
          <CardBody>
            <p className="text-sm text-slate-500">{t('appPasswords.none')}</p>
          </CardBody>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t('appPasswords.listLabel')}>
            {appPasswords.map((app) => (
              <li key={app.id} data-app-password={app.name} className="flex items-start justify-between gap-4 px-5 py-4">
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900">{app.name}</p>
                  <p className="text-xs text-slate-500">
                    {t('appPasswords.created', { date: when(app.createdAt) })} ·{' '}
                    {app.lastUsedAt ? t('appPasswords.lastUsed', { date: when(app.lastUsedAt) }) : t('appPasswords.neverUsed')}
                  </p>
                </div>
                <RevokeAppPasswordButton appPasswordId={app.id} name={app.name} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('sessions.title')} description={t('sessions.description')} id="sessions">
        <Table label={t('sessions.tableLabel')}>
          <thead className="hidden sm:table-header-group">
            <tr>
              <Th>{t('sessions.browser')}</Th>
              <Th>{t('sessions.ip')}</Th>
              <Th>{t('sessions.signedIn')}</Th>
              <Th>{t('sessions.lastSeen')}</Th>
              <Th>
                <span className="sr-only">{t('sessions.signOut')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sessions.map((session) => {
              const here = session.id === user.sessionId;
              const name = browserName(session.userAgent);
              return (
                <tr key={session.id} data-testid="session-row" data-current={here ? 'true' : undefined} className="block py-2 sm:table-row sm:py-0">
                  <Td stacked>
                    <span className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      {name}
                      {here && <Badge tone="green">{t('sessions.thisBrowser')}</Badge>}
                    </span>
                    <span className="mt-0.5 block text-xs text-slate-500 sm:hidden">
                      <span className="font-mono">{session.ip ?? '—'}</span> · {t('sessions.lastSeen')} {when(session.lastSeenAt)}
                    </span>
                  </Td>
                  <Td className="hidden font-mono text-xs sm:table-cell">{session.ip ?? '—'}</Td>
                  <Td className="hidden sm:table-cell">{when(session.createdAt)}</Td>
                  <Td className="hidden sm:table-cell">{when(session.lastSeenAt)}</Td>
                  <Td stacked className="sm:text-right">
                    {!here && <EndSessionButton sessionId={session.id} label={t('sessions.signOutLabel', { browser: name, ip: session.ip ?? '—' })} />}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
        <CardBody className="border-t border-slate-100">
          <EndOtherSessionsForm others={sessions.filter((s) => s.id !== user.sessionId).length} />
        </CardBody>
      </Card>
    </>
  );
}
