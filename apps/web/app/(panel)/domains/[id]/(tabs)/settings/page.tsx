import { formatQuota } from '@kontor/core';
import type { Metadata } from 'next';
import { Card, CardBody } from '@/components/ui.tsx';
import { loadAliases, loadDomain, loadMailboxes } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { DeleteDomainForm } from '../../delete-domain-form.tsx';
import { DomainSettingsForm } from '../../domain-settings-form.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const domain = await loadDomain((await params).id);
  return { title: `Settings of ${domain.unicodeName}` };
}

export default async function DomainSettingsPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const { superadmin } = await requireActor();
  const [mailboxes, aliases] = await Promise.all([loadMailboxes(domain.id), loadAliases(domain.id)]);
  return (
    <div className="space-y-8">
      <Card title="Settings">
        <CardBody>
          <DomainSettingsForm
            domainId={domain.id}
            superadmin={superadmin}
            current={{
              description: domain.description,
              defaultQuota: formatQuota(domain.defaultQuotaBytes),
              maxMailboxes: String(domain.maxMailboxes),
              active: domain.active,
            }}
          />
        </CardBody>
      </Card>
      {superadmin && (
        <Card title="Delete domain" description="Removes the domain with its mailboxes, the mail in them, and its aliases." className="border-red-200">
          <CardBody>
            <DeleteDomainForm domainId={domain.id} domainName={domain.unicodeName} empty={mailboxes.length === 0 && aliases.length === 0} />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
