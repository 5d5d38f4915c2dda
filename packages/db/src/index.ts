export { createDb, Prisma, type Db, type DbTx, type DbOptions } from './client.ts';
export * from './actor.ts';
export { listAuditLog, writeAudit, type AuditEntry } from './audit.ts';
export * from './domains.ts';
export * from './mailboxes.ts';
export * from './aliases.ts';
export * from './admins.ts';
export { DEFAULT_FOLDERS } from './folders.ts';
export { resolveRecipient, MAX_ALIAS_DEPTH, type RecipientResolution, type LocalTarget } from './recipients.ts';
export { logDeliveries, type DeliveryLogEntry } from './delivery-log.ts';
export { authenticateMailbox, type AuthenticatedMailbox } from './mailbox-auth.ts';
export {
  activateDkimKey,
  dkimOptionsFromConfig,
  dkimSigningKey,
  domainDnsRecords,
  ensureDkimKey,
  listDkimKeys,
  rotateDkimKey,
  type DkimOptions,
} from './dkim-keys.ts';
export { mayUseSenderAddress, sendingProfile } from './sending.ts';
export { activeAutoresponders, claimAutoreply, releaseAutoreplyClaim } from './autoresponders.ts';
export { resolveRecipientWithSrs } from './srs-recipients.ts';
