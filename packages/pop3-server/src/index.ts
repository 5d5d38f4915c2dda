/**
 * @kontor/pop3-server: POP3 (RFC 1939) with CAPA and response codes
 * (RFC 2449), STLS (RFC 2595) and AUTH (RFC 5034). See docs/pop3.md.
 *
 * protocol/   line framing, parsing, the command table and dispatcher,
 *             replies, byte-stuffing, TOP; no I/O, no storage.
 * commands/   one handler per command.
 * storage.ts  the interface apps/maild implements (auth, maildrop, lock).
 * server.ts   Pop3Server: serves sockets a listener hands it.
 */

export { capabilities } from './capabilities.ts';
export type { Pop3ServerOptions } from './options.ts';
export { ArgReader, ArgumentError, type MaildropIndex, type MessageRef } from './protocol/arguments.ts';
export { COMMANDS, type CommandArgs, type CommandName, isCommandName, type Pop3State, stateRejection } from './protocol/commands.ts';
export { type CommandHandlers, Dispatcher, type DispatchSession, validateCommand } from './protocol/dispatcher.ts';
export { DotStuffer, stuffBody } from './protocol/dot-stuffing.ts';
export { LineBuffer, type TakenLine } from './protocol/line-buffer.ts';
export { type ParsedCommand, parseCommandLine } from './protocol/parser.ts';
export { encodeStatus, err, ok, type Reply, type ReplyBody } from './protocol/replies.ts';
export type { ResponseCode } from './protocol/response-codes.ts';
export * from './protocol/sasl.ts';
export { TopFilter } from './protocol/top-filter.ts';
export { Pop3Server } from './server.ts';
export * from './storage.ts';
