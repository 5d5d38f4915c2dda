import { formatQuota, formatSize, loadConfig, mailServerSettings } from '@kontor/core';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActiveBadge, Card, CardBody, PageHeader, UsageBar } from '@/components/ui.tsx';
import { loadMailbox } from '@/lib/domain.ts';
import { DeleteMailboxForm, MailboxForm } from './mailbox-form.tsx';

type Props = { params: Promise<{ id: string; mailboxId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, mailboxId } = await params;
  const { mailbox } = await loadMailbox(id, mailboxId);
  return { title: mailbox.displayAddress };
}

export default async function MailboxPage({ params }: Props) {
  const { id, mailboxId } = await params;
  const { domain, mailbox } = await loadMailbox(id, mailboxId);
  const server = mailServerSettings(loadConfig());
  const used = Number(mailbox.usedBytes);
  const quota = Number(mailbox.quotaBytes);
  return (
    <>
      <PageHeader
        eyebrow={
          <span className="flex gap-1">
            <Link href="/domains" className="hover:text-slate-700">
              Domains
            </Link>
            <span aria-hidden="true">/</span>
            <Link href={`/domains/${domain.id}`} className="hover:text-slate-700">
              {domain.unicodeName}
            </Link>
          </span>
        }
        title={<span data-testid="mailbox-address">{mailbox.displayAddress}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ActiveBadge active={mailbox.active} />
            {mailbox.displayAddress !== mailbox.address && <span className="font-mono text-xs">{mailbox.address}</span>}
            {mailbox.displayName && <span>{mailbox.displayName}</span>}
          </span>
        }
      />
      <dl className="mb-8 grid gap-4 sm:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm sm:col-span-2">
          <dt className="text-sm font-medium text-slate-500">Storage</dt>
          <dd className="mt-2 flex items-baseline justify-between gap-4">
            <span className="text-2xl font-semibold tracking-tight" data-testid="mailbox-usage">
              {formatSize(used)} <span className="text-base font-normal text-slate-500">of {formatQuota(quota)}</span>
            </span>
            {quota > 0 && <span className="text-sm text-slate-500 tabular-nums">{Math.min(100, Math.round((used / quota) * 100))}%</span>}
          </dd>
          <dd className="mt-3">
            <UsageBar used={used} quota={quota} label={`Storage of ${mailbox.displayAddress}`} />
          </dd>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm">
          <dt className="text-sm font-medium text-slate-500">Messages</dt>
          <dd className="mt-2 text-2xl font-semibold tracking-tight tabular-nums" data-testid="mailbox-messages">
            {mailbox.messageCount}
          </dd>
          <dd className="mt-1 text-xs text-slate-500">
            {mailbox.lastLoginAt ? `Last sign-in ${mailbox.lastLoginAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'Never signed in'}
          </dd>
        </div>
      </dl>
      <div className="space-y-8">
        <Card title="Mailbox settings">
          <CardBody>
            <MailboxForm mailboxId={mailbox.id} current={{ displayName: mailbox.displayName, quota: formatQuota(quota), active: mailbox.active }} />
          </CardBody>
        </Card>
        <Card title="Mail app setup" description="Thunderbird, Outlook and most phones find these by themselves from the address and password.">
          <CardBody>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]" data-testid="mail-app-setup">
              <dt className="text-slate-500">User name</dt>
              <dd className="font-mono">{mailbox.address}</dd>
              <dt className="text-slate-500">IMAP</dt>
              <dd className="font-mono">
                {server.hostname}:{server.imaps} (SSL/TLS) or {server.imap} (STARTTLS)
              </dd>
              <dt className="text-slate-500">POP3</dt>
              <dd className="font-mono">
                {server.hostname}:{server.pop3s} (SSL/TLS) or {server.pop3} (STARTTLS)
              </dd>
              <dt className="text-slate-500">SMTP (sending)</dt>
              <dd className="font-mono">
                {server.hostname}:{server.smtps} (SSL/TLS) or {server.submission} (STARTTLS)
              </dd>
            </dl>
            <a
              href={`/apple/${encodeURIComponent(mailbox.address)}.mobileconfig`}
              className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-800"
            >
              Download the iPhone, iPad and Mac profile
            </a>
          </CardBody>
        </Card>
        <Card title="Delete mailbox" description="Removes the mailbox, its folders and all its mail." className="border-red-200">
          <CardBody>
            <DeleteMailboxForm mailboxId={mailbox.id} domainId={domain.id} address={mailbox.displayAddress} messages={mailbox.messageCount} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
