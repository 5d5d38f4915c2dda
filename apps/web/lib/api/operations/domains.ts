import { dnsRecordSettings, ValidationError } from '@kontor/core';
import {
  catchAllInput,
  createDomain,
  createDomainInput,
  deleteDomain,
  domainDnsRecords,
  domainLocaleInput,
  getCatchAll,
  getDomain,
  listDomainsPage,
  listQuery,
  setCatchAll,
  updateDomain,
  updateDomainInput,
  updateDomainLocale,
} from '@kontor/db';
import { releaseBlobsOf } from '@kontor/mailstore';
import { z } from 'zod';
import { defineOperation } from '../operation.ts';
import { apiConfig } from '../runtime.ts';
import { catchAllSchema, dnsRecordSchema, domainSchema, domainSummarySchema, pageOf } from '../schemas.ts';
import { readOperation, removeOperation, updateOperation } from './row-operations.ts';

const TAG = 'domains';

/** `?flag=true`: true, 1 or yes; absent or anything else false. */
export const queryFlag = z
  .string()
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const SIZE_FIELD = 'A size such as "2G" or "500M", a number of bytes, or 0 for unlimited';

export const listDomains = defineOperation({
  id: 'listDomains',
  method: 'GET',
  path: '/domains',
  tag: TAG,
  summary: 'List domains',
  description: 'The domains the key may manage, by name; `q` searches name and description.',
  access: 'admin',
  query: listQuery,
  response: pageOf(domainSummarySchema, 'DomainPage'),
  handler: ({ db, actor, query }) => listDomainsPage(db, actor, query),
});

export const createDomainOp = defineOperation({
  id: 'createDomain',
  method: 'POST',
  path: '/domains',
  tag: TAG,
  summary: 'Add a domain',
  description: 'Superadmin keys only. The domain gets its first DKIM key; publish the records of GET /domains/{id}/dns.',
  access: 'admin',
  body: createDomainInput,
  bodyFields: { name: 'The domain, e.g. example.com (Unicode names are accepted)', defaultQuota: SIZE_FIELD },
  status: 201,
  response: domainSchema,
  handler: ({ db, actor, body }) => createDomain(db, actor, body),
});

export const getDomainOp = readOperation({
  id: 'getDomain',
  path: '/domains/{id}',
  tag: TAG,
  summary: 'Read a domain',
  response: domainSchema,
  read: getDomain,
});

const domainPatch = updateDomainInput.extend(domainLocaleInput.shape);

export const updateDomainOp = updateOperation({
  id: 'updateDomain',
  path: '/domains/{id}',
  tag: TAG,
  summary: 'Change a domain',
  description: 'Fields left out stay as they are. A domain key may change the description, language and time zone; limits and `active` need a superadmin key.',
  body: domainPatch,
  bodyFields: { defaultQuota: SIZE_FIELD, language: 'en or de: the language of bounces and notices', timeZone: 'IANA time zone, e.g. Europe/Berlin' },
  response: domainSchema,
  update: async (db, actor, id, body) => {
    const { language, timeZone, ...limits } = body;
    // Both parts are checked before either is saved, so a refused field changes nothing.
    const locale = domainLocaleInput.safeParse({ language, timeZone });
    if (!locale.success) throw new ValidationError(Object.fromEntries(locale.error.issues.map((i) => [String(i.path[0]), i.message])));
    let domain = await getDomain(db, actor, id);
    if (Object.keys(limits).length) domain = await updateDomain(db, actor, id, limits);
    if (language !== undefined || timeZone !== undefined) {
      domain = await updateDomainLocale(db, actor, id, { language, timeZone });
    }
    return domain;
  },
});

export const deleteDomainOp = removeOperation({
  id: 'deleteDomain',
  path: '/domains/{id}',
  tag: TAG,
  summary: 'Remove a domain',
  description:
    'Superadmin keys only. A domain that still holds mailboxes or aliases is answered 409 `confirmation_required` with what would go; repeat with `?confirm=true` to remove it with all its mail.',
  query: z.object({ confirm: queryFlag.meta({ description: 'Also remove its mailboxes (with their mail) and aliases' }) }),
  remove: (db, actor, id, query) => deleteDomain(db, actor, id, { confirm: query.confirm, releaseBlobs: releaseBlobsOf }),
});

export const domainDns = readOperation({
  id: 'getDomainDnsRecords',
  path: '/domains/{id}/dns',
  tag: TAG,
  summary: 'DNS records to publish',
  description: 'MX, SPF, DKIM (every published key, RSA and Ed25519), DMARC, MTA-STS, TLS-RPT, autoconfig/autodiscover and SRV records for the domain.',
  response: z.object({ records: z.array(dnsRecordSchema) }).meta({ id: 'DnsRecords' }),
  read: async (db, actor, id) => ({ records: await domainDnsRecords(db, actor, id, dnsRecordSettings(apiConfig())) }),
});

/** The catch-all as GET and PUT answer it. */
function catchAllOf(alias: Awaited<ReturnType<typeof getCatchAll>>) {
  return { enabled: !!alias?.active, alias };
}

export const getCatchAllOp = readOperation({
  id: 'getCatchAll',
  path: '/domains/{id}/catch-all',
  tag: TAG,
  summary: "Read the domain's catch-all",
  description: 'The alias `*@domain` that takes mail for addresses that are neither mailbox nor alias; `alias` is null when there has never been one.',
  response: catchAllSchema,
  read: async (db, actor, id) => catchAllOf(await getCatchAll(db, actor, id)),
});

export const setCatchAllOp = updateOperation({
  id: 'setCatchAll',
  method: 'PUT',
  path: '/domains/{id}/catch-all',
  tag: TAG,
  summary: "Switch the domain's catch-all on or off",
  description: 'On needs `destinations`; off keeps them for the next time.',
  body: catchAllInput,
  response: catchAllSchema,
  update: async (db, actor, id, body) => catchAllOf(await setCatchAll(db, actor, id, body)),
});
