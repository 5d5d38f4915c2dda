import { NotFoundError } from '@kontor/core';
import {
  type Actor,
  changeAdminPassword,
  createAdminAccount,
  createAdminInput,
  type DbTx,
  getAdminByEmail,
  listAdminAccounts,
  listQuery,
  removeAdminAccount,
  setAdminActive,
  setAdminDomains,
} from '@kontor/db';
import { z } from 'zod';
import { defineOperation } from '../operation.ts';
import { adminSchema, pageOf } from '../schemas.ts';
import { readOperation, removeOperation, updateOperation } from './row-operations.ts';

const TAG = 'admins';

type AdminRow = Awaited<ReturnType<typeof listAdminAccounts>>[number];

function withDomainIds({ domains, ...admin }: AdminRow) {
  return { ...admin, domainIds: domains.map((d) => d.domainId) };
}

async function adminById(db: DbTx, actor: Actor, id: number) {
  const admin = (await listAdminAccounts(db, actor)).find((a) => a.id === id);
  if (!admin) throw new NotFoundError('This administrator account no longer exists');
  return withDomainIds(admin);
}

export const listAdmins = defineOperation({
  id: 'listAdmins',
  method: 'GET',
  path: '/admins',
  tag: TAG,
  summary: 'List administrators',
  description: 'Superadmin keys only. `q` searches the address and the name.',
  access: 'admin',
  query: listQuery,
  response: pageOf(adminSchema, 'AdminPage'),
  handler: async ({ db, actor, query }) => {
    const q = query.q.toLowerCase();
    const all = (await listAdminAccounts(db, actor)).filter((a) => !q || a.email.includes(q) || a.displayName.toLowerCase().includes(q));
    const start = (query.page - 1) * query.pageSize;
    return { rows: all.slice(start, start + query.pageSize).map(withDomainIds), total: all.length, page: query.page, pageSize: query.pageSize };
  },
});

export const createAdmin = defineOperation({
  id: 'createAdmin',
  method: 'POST',
  path: '/admins',
  tag: TAG,
  summary: 'Add an administrator',
  description: 'Superadmin keys only. A domain admin manages the mailboxes and aliases of `domainIds`; a superadmin manages everything.',
  access: 'admin',
  body: createAdminInput,
  bodyFields: { email: 'The sign-in address', password: 'Must meet the password policy; tell it to them in person' },
  status: 201,
  response: adminSchema,
  handler: async ({ db, actor, body }) => {
    const created = await createAdminAccount(db, actor, body);
    const admin = await getAdminByEmail(db, actor, created.email);
    return withDomainIds(admin);
  },
});

export const getAdmin = readOperation({
  id: 'getAdmin',
  path: '/admins/{id}',
  tag: TAG,
  summary: 'Read an administrator',
  description: 'Superadmin keys only.',
  response: adminSchema,
  read: adminById,
});

const adminPatch = z.object({
  domainIds: z
    .array(z.number({ message: 'Not a valid id' }).int('Not a valid id').positive('Not a valid id'))
    .optional()
    .meta({ description: 'Domain admins: exactly these domains from now on' }),
  active: z.boolean().optional().meta({ description: 'Switching off ends their sessions at once; the last active superadmin stays on' }),
  password: z.string().optional().meta({ description: 'A new password (ends their other sessions)' }),
});

export const updateAdmin = updateOperation({
  id: 'updateAdmin',
  path: '/admins/{id}',
  tag: TAG,
  summary: 'Change an administrator',
  description: 'Superadmin keys only. Applied in the order domainIds, active, password, each audited; the first refusal stops there (earlier changes stay).',
  body: adminPatch,
  response: adminSchema,
  update: async (db, actor, id, body) => {
    const admin = await adminById(db, actor, id);
    if (body.domainIds) await setAdminDomains(db, actor, admin.id, body.domainIds);
    if (body.active !== undefined) await setAdminActive(db, actor, admin.id, body.active);
    if (body.password !== undefined) await changeAdminPassword(db, actor, { adminId: admin.id, newPassword: body.password });
    return adminById(db, actor, admin.id);
  },
});

export const deleteAdmin = removeOperation({
  id: 'deleteAdmin',
  path: '/admins/{id}',
  tag: TAG,
  summary: 'Remove an administrator',
  description: 'Superadmin keys only. The last active superadmin cannot be removed.',
  remove: removeAdminAccount,
});
