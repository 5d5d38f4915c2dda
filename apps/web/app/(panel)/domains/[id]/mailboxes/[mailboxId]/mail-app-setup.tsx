import { loadConfig, mailServerSettings } from '@kontor/core';
import { getTranslations } from 'next-intl/server';
import { CopyButton } from '@/components/copy-button.tsx';

function Copyable({ value, label }: { value: string; label: string }) {
  return (
    // A long host name keeps its line and puts the button under it rather than breaking mid-name.
    <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
      <span className="font-mono break-all text-slate-900">{value}</span>
      <CopyButton value={value} label={label} />
    </span>
  );
}

/**
 * What a person types into a mail program that does not find the settings
 * itself: the user name, and per protocol the server and its two ports
 * (SSL/TLS from the first byte, or STARTTLS), each with a copy button.
 */
export async function MailAppSetup({ address }: { address: string }) {
  const t = await getTranslations('mailbox.setup');
  const server = mailServerSettings(loadConfig());
  const protocols = [
    { name: t('imap'), tls: server.imaps, starttls: server.imap },
    { name: t('pop3'), tls: server.pop3s, starttls: server.pop3 },
    { name: t('smtp'), tls: server.smtps, starttls: server.submission },
  ];
  return (
    <div className="space-y-4 text-sm" data-testid="mail-app-setup">
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-500">{t('userName')}</dt>
        <dd className="min-w-0">
          <Copyable value={address} label={t('userName')} />
        </dd>
      </dl>
      <div className="grid gap-3 lg:grid-cols-3">
        {protocols.map((protocol) => (
          <section key={protocol.name} aria-label={protocol.name} className="min-w-0 rounded-lg border border-slate-200 px-4 py-3">
            <h3 className="mb-2 font-medium text-slate-900">{protocol.name}</h3>
            {/* Label above value: three boxes side by side leave a host name its whole width. */}
            <dl className="space-y-2">
              {[
                { label: t('server'), value: server.hostname, copy: t('serverOf', { protocol: protocol.name }) },
                { label: 'SSL/TLS', value: String(protocol.tls), copy: t('portOf', { protocol: protocol.name, security: 'SSL/TLS' }) },
                { label: 'STARTTLS', value: String(protocol.starttls), copy: t('portOf', { protocol: protocol.name, security: 'STARTTLS' }) },
              ].map((entry) => (
                <div key={entry.label}>
                  <dt className="text-xs text-slate-500">{entry.label}</dt>
                  <dd className="mt-0.5 min-w-0">
                    <Copyable value={entry.value} label={entry.copy} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
