export { createDb, type Db, type DbTx, type DbOptions } from './client.ts';
export * from './actor.ts';
export { listAuditLog, writeAudit, type AuditEntry } from './audit.ts';
export * from './domains.ts';
export * from './mailboxes.ts';
export * from './aliases.ts';
export * from './admins.ts';
export { DEFAULT_FOLDERS } from './folders.ts';
export { applyMigrations, ensureDatabase } from './migrate.ts';
