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
export { Pop3Server } from './server.ts';
export type { Pop3ServerOptions } from './options.ts';
export * from './storage.ts';
export { isLoopback } from './loopback.ts';
export { capabilities } from './capabilities.ts';
export { COMMANDS, isCommandName, stateRejection, type CommandArgs, type CommandName, type Pop3State } from './protocol/commands.ts';
export { validateCommand, Dispatcher, type CommandHandlers, type DispatchSession } from './protocol/dispatcher.ts';
export { ArgReader, ArgumentError, type MaildropIndex, type MessageRef } from './protocol/arguments.ts';
export { parseCommandLine, type ParsedCommand } from './protocol/parser.ts';
export { LineBuffer, type TakenLine } from './protocol/line-buffer.ts';
export { DotStuffer, stuffBody } from './protocol/dot-stuffing.ts';
export { TopFilter } from './protocol/top-filter.ts';
export { encodeStatus, ok, err, type Reply, type ReplyBody } from './protocol/replies.ts';
export type { ResponseCode } from './protocol/response-codes.ts';
export * from './protocol/sasl.ts';
