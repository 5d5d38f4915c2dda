/** Test support: '@kontor/imap-server/testing'. */
export { type ConnectOptions, ImapTestClient, type TaggedResult } from './imap-test-client.ts';
