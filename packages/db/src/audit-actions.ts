/**
 * Every action and target type an audit entry may have. writeAudit takes
 * only these, so a new one is added here first; the panel has a name for
 * each in English and German (apps/web/messages/audit-names.ts, checked by
 * the type checker and apps/web/lib/audit-names.test.ts).
 */
export const AUDIT_ACTIONS = [
  'admin.create',
  'admin.enable',
  'admin.disable',
  'admin.password',
  'admin.remove',
  'admin.assign',
  'admin.unassign',
  'admin.domains',
  'admin.sign-out',
  'admin.sessions.end',
  'admin.2fa.enable',
  'admin.2fa.disable',
  'admin.2fa.reset',
  'admin.2fa.recovery-codes',
  'admin.2fa.recovery-code-used',
  'settings.update',
  'domain.create',
  'domain.update',
  'domain.delete',
  'domain.selftest',
  'dkim.rotate',
  'dkim.activate',
  'mailbox.create',
  'mailbox.update',
  'mailbox.update+password',
  'mailbox.delete',
  'mailbox.password-reset',
  'mailbox.password',
  'mailbox.app-password.create',
  'mailbox.app-password.revoke',
  'mailbox.2fa.enable',
  'mailbox.2fa.disable',
  'mailbox.2fa.recovery-codes',
  'mailbox.2fa.reset',
  'mailbox.2fa.recovery-code-used',
  'mailbox.sign-out',
  'mailbox.sessions.end',
  'mailbox.forwarding',
  'autoresponder.update',
  'autoresponder.expire',
  'alias.create',
  'alias.update',
  'alias.delete',
  'apikey.create',
  'apikey.revoke',
  'api.call',
  'message.send',
  'queue.retry',
  'queue.bounce',
  'queue.delete',
  'certificate.renew',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['admin', 'setting', 'domain', 'mailbox', 'alias', 'api_key', 'api', 'message', 'outbound_job', 'certificate'] as const;

export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
