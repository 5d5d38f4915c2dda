/**
 * @kontor/imap-server: Kontor's IMAP4rev1 server. See docs/imap.md.
 *
 * protocol/   parse and encode, the command table and dispatcher; no I/O,
 *             no storage.
 * server/     connections and sessions: socket loop, TLS, IDLE, updates.
 * commands/   one handler per command.
 * fetch/, search/, mailboxes/  what the handlers share.
 * storage.ts  the interface the server needs (apps/maild implements it).
 */

export * from './protocol/args/append.ts';
export * from './protocol/args/fetch.ts';
export * from './protocol/args/list.ts';
export * from './protocol/args/mailbox.ts';
export * from './protocol/args/search.ts';
export * from './protocol/args/select.ts';
export * from './protocol/args/session.ts';
export * from './protocol/args/sort-thread.ts';
export * from './protocol/args/status.ts';
export * from './protocol/args/store.ts';
export * from './protocol/arguments.ts';
export * from './protocol/body-structure.ts';
export * from './protocol/commands.ts';
export * from './protocol/dates.ts';
export * from './protocol/dispatcher.ts';
export * from './protocol/encoder.ts';
export * from './protocol/envelope.ts';
export * from './protocol/flags.ts';
export * from './protocol/mailbox-name.ts';
export * from './protocol/parser.ts';
export * from './protocol/response-codes.ts';
export * from './protocol/sequence-set.ts';
export { type FramedCommand, type TokenizeResult, tokenizeCommand } from './protocol/tokenizer.ts';
export * from './protocol/values.ts';
export { EXTENSIONS, SASL_MECHANISMS } from './server/capabilities.ts';
export { type ClientIdentity, createImapServer, type ImapServer, type ImapServerOptions } from './server/imap-server.ts';
export type { ImapLogger } from './server/logger.ts';
export * from './storage.ts';
