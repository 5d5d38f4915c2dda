import type { ApiOperation } from '../operation.ts';
import * as admins from './admins.ts';
import * as aliases from './aliases.ts';
import * as dnsCheck from './dns-check.ts';
import * as domains from './domains.ts';
import * as mailboxes from './mailboxes.ts';
import * as messages from './messages.ts';
import * as queue from './queue.ts';
import * as reports from './reports.ts';
import * as selftest from './selftest.ts';
import * as trace from './trace.ts';

/** Every operation of /api/v1, for the OpenAPI document (each route file exports its own). */
export const API_OPERATIONS: readonly ApiOperation[] = [
  domains.listDomains,
  domains.createDomainOp,
  domains.getDomainOp,
  domains.updateDomainOp,
  domains.deleteDomainOp,
  domains.domainDns,
  dnsCheck.checkDomainDnsOp,
  reports.dmarcReportsOp,
  reports.tlsReportsOp,
  selftest.startSelftestOp,
  selftest.latestSelftestOp,
  domains.getCatchAllOp,
  domains.setCatchAllOp,
  mailboxes.listMailboxes,
  mailboxes.createMailboxOp,
  mailboxes.getMailboxOp,
  mailboxes.updateMailboxOp,
  mailboxes.deleteMailboxOp,
  mailboxes.getAutoresponderOp,
  mailboxes.setAutoresponderOp,
  mailboxes.getForwardingOp,
  mailboxes.setForwardingOp,
  aliases.listAliases,
  aliases.createAliasOp,
  aliases.getAliasOp,
  aliases.updateAliasOp,
  aliases.deleteAliasOp,
  admins.listAdmins,
  admins.createAdmin,
  admins.getAdmin,
  admins.updateAdmin,
  admins.deleteAdmin,
  queue.listQueue,
  queue.retryQueueJob,
  queue.cancelQueueJob,
  trace.searchTrace,
  trace.traceMessage,
  messages.sendMessage,
];
