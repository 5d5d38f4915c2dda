import { loadConfig, mailServerSettings } from '@kontor/core';
import { ownMailboxOverview } from '@kontor/db';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CopyButton } from '@/components/copy-button.tsx';
import { buttonClass, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { publicOrigin } from '@/lib/webmail/settings/public-origin.ts';
import { qrDataUrl } from '@/lib/webmail/settings/qr.ts';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailSettings.mailApps');
  return { title: t('metaTitle') };
}

function Copyable({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <span className="inline-flex min-w-0 items-center gap-2">
      <span className="font-mono break-all text-slate-900" data-testid={testId}>
        {value}
      </span>
      <CopyButton value={value} label={label} />
    </span>
  );
}

/**
 * How to set up a mail app: the values of the panel's client card (the
 * same mailServerSettings the autoconfig and Apple profile are made of),
 * the Apple profile with a QR code of its link, and a word on the apps that
 * find everything from the address alone.
 */
export default async function MailAppsPage() {
  const user = await requireMailUser();
  const [overview, t, origin] = await Promise.all([
    ownMailboxOverview(getDb(), user.actor, user.actor.id),
    getTranslations('webmailSettings.mailApps'),
    publicOrigin(),
  ]);
  const server = mailServerSettings(loadConfig());
  const protocols = [
    { key: 'imap', name: t('imap'), tls: server.imaps, starttls: server.imap },
    { key: 'pop3', name: t('pop3'), tls: server.pop3s, starttls: server.pop3 },
    { key: 'smtp', name: t('smtp'), tls: server.smtps, starttls: server.submission },
  ];
  // iOS's camera opens a scanned https link in Safari, which downloads the profile; Android has no such format for mail accounts.
  const profileUrl = `${origin}/apple/${encodeURIComponent(overview.address)}.mobileconfig`;
  const qr = await qrDataUrl(profileUrl);
  return (
    <>
      <Card title={t('title')} description={t('description')}>
        <CardBody>
          <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-[12rem_1fr]" aria-label={t('listLabel')} data-testid="mail-app-values">
            <dt className="text-slate-500">{t('userName')}</dt>
            <dd className="min-w-0">
              <Copyable value={overview.address} label={t('userName')} testId="value-user-name" />
            </dd>
            <dt className="text-slate-500">{t('password')}</dt>
            <dd className="min-w-0 text-slate-700">{overview.twoFactor === 'on' ? t('passwordValueTwoFactor') : t('passwordValue')}</dd>
            {protocols.map((protocol) => (
              <div key={protocol.key} className="contents" data-protocol={protocol.key}>
                <dt className="pt-2 font-medium text-slate-700 sm:pt-0 sm:font-normal sm:text-slate-500">{protocol.name}</dt>
                <dd className="min-w-0 space-y-1.5">
                  <p className="flex items-center gap-2">
                    <span className="w-24 shrink-0 text-xs text-slate-500">{t('server')}</span>
                    <Copyable value={server.hostname} label={t('serverOf', { protocol: protocol.name })} testId={`${protocol.key}-host`} />
                  </p>
                  {/* Either port works: SSL/TLS from the first byte, or STARTTLS after the greeting. */}
                  <p className="flex items-center gap-2">
                    <span className="w-24 shrink-0 text-xs text-slate-500">{t('portWith', { security: 'SSL/TLS' })}</span>
                    <Copyable
                      value={String(protocol.tls)}
                      label={t('portOf', { protocol: protocol.name, security: 'SSL/TLS' })}
                      testId={`${protocol.key}-tls-port`}
                    />
                  </p>
                  <p className="flex items-center gap-2">
                    <span className="w-24 shrink-0 text-xs text-slate-500">{t('portWith', { security: 'STARTTLS' })}</span>
                    <Copyable
                      value={String(protocol.starttls)}
                      label={t('portOf', { protocol: protocol.name, security: 'STARTTLS' })}
                      testId={`${protocol.key}-starttls-port`}
                    />
                  </p>
                </dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('apple.title')} description={t('apple.description')}>
          <CardBody className="flex flex-col gap-4 sm:flex-row sm:items-start">
            {/* biome-ignore lint/performance/noImgElement: a generated data: URL, nothing for an image optimiser to do */}
            <img
              src={qr}
              alt={t('apple.qrAlt', { address: overview.displayAddress })}
              width={160}
              height={160}
              data-testid="profile-qr"
              className="size-40 shrink-0 self-center rounded-lg border border-slate-200 bg-white sm:self-start"
            />
            <div className="flex min-w-0 flex-col gap-3 text-sm text-slate-700">
              <p>
                <span className="font-semibold text-slate-900">1. </span>
                {t('apple.step1')}
              </p>
              <p>
                <span className="font-semibold text-slate-900">2. </span>
                {t('apple.step2')}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <a href={profileUrl} className={buttonClass.primary} data-testid="profile-download" download>
                  {t('apple.download')}
                </a>
                <CopyButton value={profileUrl} label={t('apple.copyLink')} />
              </div>
            </div>
          </CardBody>
        </Card>
        <Card title={t('others.title')} className="h-fit">
          <CardBody>
            <p className="text-sm text-slate-700">{t('others.text')}</p>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
