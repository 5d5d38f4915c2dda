import type { listAuditLog } from '@kontor/db';
import { auditTargetLabel, formatActor, formatDateTime } from '@/lib/format.ts';
import { Badge, EmptyRow, Table, Td, Th } from './ui.tsx';

type AuditRow = Awaited<ReturnType<typeof listAuditLog>>[number];

function actionTone(action: string) {
  if (action.endsWith('.delete')) return 'red' as const;
  if (action.endsWith('.create')) return 'green' as const;
  return 'blue' as const;
}

/** `domainNames` (id → Unicode name) turns alias rows' local parts into addresses. */
export function AuditTable({ entries, domainNames }: { entries: AuditRow[]; domainNames?: ReadonlyMap<number, string> }) {
  return (
    <Table label="Audit log">
      <thead className="bg-slate-50">
        <tr>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>Action</Th>
          <Th>Target</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {entries.length === 0 && <EmptyRow colSpan={4}>Nothing has happened yet.</EmptyRow>}
        {entries.map((entry) => (
          <tr key={String(entry.id)}>
            <Td className="whitespace-nowrap text-slate-500">
              <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>
            </Td>
            <Td className="max-w-56">
              <p className="truncate">{formatActor(entry.actor)}</p>
              {entry.ip && <p className="truncate text-xs text-slate-400">{entry.ip}</p>}
            </Td>
            <Td>
              <Badge tone={actionTone(entry.action)}>{entry.action}</Badge>
            </Td>
            <Td className="max-w-72 truncate">{auditTargetLabel(entry, domainNames)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
