import { PASSWORD_MIN_LENGTH } from '@kontor/core';
import { listAdminSessions } from '@kontor/db';
import type { Metadata } from 'next';
import { Badge, Card, CardBody, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { formatDateTime } from '@/lib/format.ts';
import { requireActor } from '@/lib/session.ts';
import { EndSessionsForm } from './end-sessions-form.tsx';
import { PasswordForm } from './password-form.tsx';

export const metadata: Metadata = { title: 'Your account' };

/** "Firefox on Windows" from a User-Agent, or the raw text when nothing is recognised. */
function describeBrowser(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : '';
  const system = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || userAgent || 'Unknown browser';
}

export default async function AccountPage() {
  const { actor, user } = await requireActor();
  const sessions = await listAdminSessions(getDb(), actor, user.id);
  return (
    <>
      <PageHeader title="Your account" description={`Signed in as ${user.email}.`} />
      <div className="flex flex-col gap-6">
        <Card title="Password" description="Changing it signs you out on every other device.">
          <CardBody>
            <PasswordForm minLength={PASSWORD_MIN_LENGTH} />
          </CardBody>
        </Card>
        <Card title="Where you are signed in" description="Each browser that signed in to this account, most recent first.">
          <Table label="Sessions">
            <thead>
              <tr>
                <Th>Browser</Th>
                <Th>IP address</Th>
                <Th className="hidden sm:table-cell">Signed in</Th>
                <Th>Last active</Th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id} data-testid="session-row">
                  <Td>
                    <span className="flex flex-wrap items-center gap-2">
                      {describeBrowser(session.userAgent)}
                      {session.id === user.sessionId && <Badge tone="green">This browser</Badge>}
                    </span>
                  </Td>
                  <Td className="font-mono text-xs">{session.ip ?? '—'}</Td>
                  <Td className="hidden sm:table-cell">{formatDateTime(session.createdAt)}</Td>
                  <Td>{formatDateTime(session.lastSeenAt)}</Td>
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
