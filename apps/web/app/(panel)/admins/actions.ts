'use server';

import { createAdminAccount, endAdminSessions, removeAdminAccount, setAdminActive, setAdminDomains } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { errorState, formValues, optional, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const CREATE_FIELDS = ['email', 'displayName', 'role', 'password'] as const;

/** The ticked domain checkboxes (`domain-<id>`). */
function domainIdsOf(formData: FormData): number[] {
  return [...formData.keys()].filter((key) => key.startsWith('domain-')).flatMap((key) => parseId(key.slice('domain-'.length)) ?? []);
}

export async function createAdminAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, CREATE_FIELDS);
  // The password is never sent back; the ticked domains are.
  const kept = { ...values, password: '', domains: domainIdsOf(formData).join(',') };
  try {
    const admin = await createAdminAccount(getDb(), actor, {
      email: values.email ?? '',
      displayName: optional(values, 'displayName'),
      role: values.role === 'SUPERADMIN' ? 'SUPERADMIN' : 'DOMAIN_ADMIN',
      password: values.password ?? '',
      domainIds: values.role === 'SUPERADMIN' ? [] : domainIdsOf(formData),
    });
    revalidatePath('/admins');
    return { status: 'success', values: {}, fieldErrors: {}, message: `${admin?.email} can now sign in.` };
  } catch (error) {
    return errorState(error, kept, CREATE_FIELDS);
  }
}

export type AdminRowAction = 'enable' | 'disable' | 'remove' | 'sign-out' | 'domains';

/** The buttons and the domain checkboxes of one administrator's row. */
export async function adminRowAction(adminId: number, action: AdminRowAction, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const id = parseId(adminId) ?? 0;
  const db = getDb();
  try {
    let message: string;
    if (action === 'enable' || action === 'disable') {
      await setAdminActive(db, actor, id, action === 'enable');
      message = action === 'enable' ? 'Switched on.' : 'Switched off; its sessions ended.';
    } else if (action === 'remove') {
      await removeAdminAccount(db, actor, id);
      message = 'Removed.';
    } else if (action === 'sign-out') {
      const ended = await endAdminSessions(db, actor, id);
      message = ended === 1 ? '1 session ended.' : `${ended} sessions ended.`;
    } else {
      await setAdminDomains(db, actor, id, domainIdsOf(formData));
      message = 'Domains saved.';
    }
    revalidatePath('/admins');
    return { status: 'success', values: {}, fieldErrors: {}, message };
  } catch (error) {
    return errorState(error, {}, []);
  }
}
