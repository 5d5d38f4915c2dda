import { PASSWORD_MIN_LENGTH } from '@kontor/core';
import { adminTwoFactorStatus, listAdminSessions, pendingAdminTotp } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { enrolmentView, twoFactorOptions } from '@/lib/two-factor.ts';
import { describeBrowser } from '@/lib/user-agent.ts';
import { EndSessionsForm } from './end-sessions-form.tsx';
import { PasswordForm } from './password-form.tsx';
import { TwoFactorSection } from './two-factor-section.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account');
  return { title: t('title') };
}

export default async function AccountPage() {
  const { actor, user, twoFactor } = await requireActor();
  const db = getDb();
  const [sessions, status, pending] = await Promise.all([
    listAdminSessions(db, actor, user.id),
    adminTwoFactorStatus(db, actor, user.id),
    pendingAdminTotp(db, actor, twoFactorOptions()),
  ]);
  const t = await getTranslations('account');
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  const browserName = (userAgent: string) => {
    const { browser, system } = describeBrowser(userAgent);
    if (browser && system) return t('sessions.browserOn', { browser, system });
    return browser || system || userAgent || t('sessions.unknownBrowser');
  };
  return (
    <>
      <PageHeader title={t('title')} description={t('signedInAs', { email: user.email })} />
      <div className="flex flex-col gap-6">
        <Card title={t('password.title')} description={t('password.description')}>
          <CardBody>
            <PasswordForm minLength={PASSWORD_MIN_LENGTH} />
          </CardBody>
        </Card>
        <Card id="two-factor" title={t('twoFactor.title')} description={t('twoFactor.description')}>
          <CardBody>
            <TwoFactorSection
              status={{
                enabled: status.enabled,
                onSince: status.enabledAt ? format.dateTime(status.enabledAt, { dateStyle: 'medium' }) : undefined,
                codesLeft: status.recoveryCodesLeft,
                required: twoFactor.required,
              }}
              enrolment={await enrolmentView(pending)}
              email={user.email}
            />
          </CardBody>
        </Card>
        <Card title={t('sessions.title')} description={t('sessions.description')}>
          <Table label={t('sessions.tableLabel')}>
            <thead>
              <tr>
                <Th>{t('sessions.browser')}</Th>
                <Th className="hidden sm:table-cell">{t('sessions.ip')}</Th>
                <Th className="hidden sm:table-cell">{t('sessions.signedIn')}</Th>
                <Th>{t('sessions.lastActive')}</Th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id} data-testid="session-row">
                  <Td>
                    <span className="flex flex-wrap items-center gap-2">
                      {browserName(session.userAgent)}
                      {session.id === user.sessionId && <Badge tone="green">{t('sessions.thisBrowser')}</Badge>}
                    </span>
                    <span className="mt-0.5 block font-mono text-xs text-slate-500 sm:hidden">{session.ip ?? '—'}</span>
                  </Td>
                  <Td className="hidden font-mono text-xs sm:table-cell">{session.ip ?? '—'}</Td>
                  <Td className="hidden sm:table-cell">{when(session.createdAt)}</Td>
                  <Td>{when(session.lastSeenAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <CardBody className="border-t border-slate-100">
            <EndSessionsForm others={sessions.filter((s) => s.id !== user.sessionId).length} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
