import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError } from '@kontor/core';
import type { Actor } from './actor.ts';
import { listAuditLog } from './audit.ts';
import { auditQueueAction } from './queue-audit.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

describe('queue actions in the audit log', () => {
  it('names the administrator, the action, the job and its recipients', async () => {
    const actor: Actor = { kind: 'superadmin', id: 1, email: 'root@example.com', ip: '192.0.2.7' };
    await auditQueueAction(t.db, actor, { action: 'queue.bounce', jobId: 'outbox-7', queueId: 'abc123', recipients: ['x@remote.test'] });
    const [row] = await listAuditLog(t.db, actor, { limit: 1 });
    assert.equal(row?.actor, 'admin:root@example.com');
    assert.equal(row?.action, 'queue.bounce');
    assert.equal(row?.targetType, 'outbound_job');
    assert.equal(row?.targetId, 'outbox-7');
    assert.equal(row?.ip, '192.0.2.7');
    assert.deepEqual(row?.before, { queueId: 'abc123', recipients: ['x@remote.test'] });
  });

  it('refuses a domain administrator', async () => {
    const actor: Actor = { kind: 'domain_admin', id: 2, email: 'boss@example.com' };
    await assert.rejects(auditQueueAction(t.db, actor, { action: 'queue.delete', jobId: 'outbox-8', queueId: 'q', recipients: [] }), ForbiddenError);
  });
});
