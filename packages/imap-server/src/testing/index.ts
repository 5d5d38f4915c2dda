/** Test support: '@kontor/imap-server/testing'. */
export { ImapTestClient, type ConnectOptions, type TaggedResult } from './imap-test-client.ts';
