import type { Metadata } from 'next';
import { ActiveBadge, Badge, Card, CardBody, EmptyRow, Table, Td, Th } from '@/components/ui.tsx';
import { loadAliases, loadDomain } from '@/lib/domain.ts';
import { CreateAliasForm } from '../../create-alias-form.tsx';
import { DeleteAliasButton } from '../../delete-alias-button.tsx';
import { EditAliasForm } from '../../edit-alias-form.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const domain = await loadDomain((await params).id);
  return { title: `Aliases of ${domain.unicodeName}` };
}

export default async function DomainAliasesPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const aliases = await loadAliases(domain.id);
  return (
    <div className="space-y-8">
      <Card>
        <Table label="Aliases">
          <thead className="bg-slate-50">
            <tr>
              <Th>Address</Th>
              <Th>Delivers to</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {aliases.length === 0 && <EmptyRow colSpan={4}>No aliases yet.</EmptyRow>}
            {aliases.map((alias) => (
              <tr key={alias.id} className="align-top hover:bg-slate-50" data-alias={alias.address}>
                <Td className="align-top">
                  {alias.catchAll ? (
                    <span className="flex items-center gap-2">
                      <span className="font-medium text-slate-900">{alias.displayAddress}</span>
                      <Badge tone="amber">Catch-all</Badge>
                    </span>
                  ) : (
                    <span className="font-medium text-slate-900">{alias.displayAddress}</span>
                  )}
                </Td>
                <Td className="align-top">
                  <ul className="space-y-1">
                    {alias.targets.map((target) => (
                      <li key={target.address} className="flex items-center gap-2">
                        <span className="font-mono text-xs">{target.address}</span>
                        {target.external ? (
                          <Badge tone="blue" title="Forwarded to another server">
                            external
                          </Badge>
                        ) : (
                          <Badge tone="gray" title="Delivered on this server">
                            internal
                          </Badge>
                        )}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td className="align-top">
                  <ActiveBadge active={alias.active} />
                </Td>
                <Td className="text-right align-top">
                  <div className="flex flex-col items-end gap-2">
                    <EditAliasForm aliasId={alias.id} address={alias.displayAddress} destinations={alias.destinations} active={alias.active} />
                    <DeleteAliasButton aliasId={alias.id} address={alias.displayAddress} />
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Add an alias" description="An alias has no mailbox of its own; it passes mail on to one or more addresses.">
        <CardBody>
          <CreateAliasForm domainId={domain.id} domainName={domain.unicodeName} />
        </CardBody>
      </Card>
    </div>
  );
}
