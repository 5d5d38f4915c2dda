export * from './acme-state.ts';
export * from './actor.ts';
export * from './admin-domains.ts';
export * from './admin-locale.ts';
export * from './admin-sessions.ts';
export * from './admin-sign-in.ts';
export * from './admin-totp.ts';
export * from './admins.ts';
export * from './aliases.ts';
export * from './api-keys.ts';
export { type AuditEntry, listAuditLog, writeAudit } from './audit.ts';
export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction, type AuditTargetType } from './audit-actions.ts';
export { AUDIT_COUNT_CAP, type AuditFilters, type AuditQuery, type AuditRow, auditActions, auditLogBatches, searchAuditLog } from './audit-search.ts';
export * from './autoresponders.ts';
export { createDb, type Db, type DbOptions, type DbTx, Prisma } from './client.ts';
export { type DeliveryLogEntry, logDeliveries } from './delivery-log.ts';
export { type DailyMail, type DashboardStats, dashboardStats, outboundQueueSummary, type QueueSummary, rebuildDeliveryStats } from './delivery-stats.ts';
export {
  activateDkimKey,
  type DkimOptions,
  dkimOptionsFromConfig,
  dkimSigningKey,
  domainDnsRecords,
  ensureDkimKey,
  listDkimKeys,
  rotateDkimKey,
} from './dkim-keys.ts';
export * from './dmarc-evaluations.ts';
export { requestDnsCheck } from './dns-check-requests.ts';
export * from './domain-settings.ts';
export * from './domains.ts';
export { DEFAULT_FOLDERS } from './folders.ts';
export * from './forwarding.ts';
export { type AuthenticatedMailbox, authenticateMailbox, MAILBOX_LOGIN_PROTOCOLS, type MailboxLoginProtocol } from './mailbox-auth.ts';
export * from './mailbox-list.ts';
export {
  getMailboxSecurity,
  type MailboxAppPassword,
  type MailboxSecurity,
  resetMailboxPassword,
  resetMailboxTwoFactor,
  revokeAppPassword,
} from './mailbox-security.ts';
export * from './mailbox-sessions.ts';
export * from './mailbox-sign-in.ts';
export * from './mailbox-signatures.ts';
export * from './mailbox-trusted-senders.ts';
export * from './mailboxes.ts';
export { mtaStsPolicyForHost } from './mta-sts.ts';
export {
  type AttemptOutcome,
  type AttemptResult,
  type ClaimedRecipient,
  cancelOutboundRecipients,
  claimOutboundRecipients,
  createOutboundRecipientsInTx,
  ensureOutboundRecipients,
  extendOutboundClaim,
  type OutboundClaim,
  type OutboundRecipientRow,
  type OutboundRecipientState,
  outboundRecipients,
  outboundRecipientsOf,
  type QueueAction,
  type QueueActionResult,
  type RecordedOutcome,
  recordOutboundAttempt,
  retryOutboundRecipients,
  takeUnreportedOutcomes,
} from './outbound-state.ts';
export {
  type AppliedForwarding,
  type DeliveryTargets,
  type LocalTarget,
  MAX_ALIAS_DEPTH,
  type RecipientResolution,
  type ResolveOptions,
  resolveRecipient,
} from './recipients.ts';
export * from './reporting-domain.ts';
export * from './reports.ts';
export { type SecondFactorOwner, type UsedSecondFactor, useSecondFactor } from './second-factor.ts';
export * from './self-service-app-passwords.ts';
export * from './self-service-mailbox.ts';
export * from './self-service-password.ts';
export * from './self-service-two-factor.ts';
export * from './selftests.ts';
export { mayUseSenderAddress, sendingProfile } from './sending.ts';
export { resolveRecipientWithSrs } from './srs-recipients.ts';
export * from './tls-certificates.ts';
export * from './tls-report-sending.ts';
export {
  type JourneyRecipient,
  type JourneyRef,
  type JourneyStep,
  type MessageJourney,
  messageJourney,
  searchDeliveryLog,
  TRACE_COUNT_CAP,
  TRACE_STATUSES,
  type TraceQuery,
  type TraceRow,
  type TraceStatus,
} from './trace.ts';
export { DEFAULT_PAGE_SIZE, type ListPage, type ListQuery, listQuery, MAX_PAGE_SIZE, pageWindow } from './validate.ts';
