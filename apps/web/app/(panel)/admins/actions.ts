'use server';

import {
  createAdminAccount,
  endAdminSessions,
  removeAdminAccount,
  resetAdminTwoFactor,
  setAdminActive,
  setAdminDomains,
  setAdminTwoFactorRequired,
} from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
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
  const t = await getTranslations('admins.add');
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
    return { status: 'success', values: {}, fieldErrors: {}, message: t('added', { email: admin?.email ?? '' }) };
  } catch (error) {
    return errorState(error, kept, CREATE_FIELDS);
  }
}

export type AdminRowAction = 'enable' | 'disable' | 'remove' | 'sign-out' | 'domains' | 'reset-two-factor';

/** The buttons and the domain checkboxes of one administrator's row. */
export async function adminRowAction(adminId: number, action: AdminRowAction, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('admins.row');
  const id = parseId(adminId) ?? 0;
  const db = getDb();
  try {
    let message: string;
    if (action === 'enable' || action === 'disable') {
      await setAdminActive(db, actor, id, action === 'enable');
      message = action === 'enable' ? t('switchedOn') : t('switchedOff');
    } else if (action === 'remove') {
      await removeAdminAccount(db, actor, id);
      message = t('removed');
    } else if (action === 'sign-out') {
      message = t('sessionsEnded', { count: await endAdminSessions(db, actor, id) });
    } else if (action === 'reset-two-factor') {
      const { sessionsEnded } = await resetAdminTwoFactor(db, actor, id);
      message = t('twoFactorReset', { count: sessionsEnded });
    } else {
      await setAdminDomains(db, actor, id, domainIdsOf(formData));
      message = t('domainsSaved');
    }
    revalidatePath('/admins');
    return { status: 'success', values: {}, fieldErrors: {}, message };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

/** "Require two-factor authentication for all administrators". */
export async function requireTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('admins.require');
  const required = formData.get('requireTwoFactor') === 'on';
  const kept = { requireTwoFactor: required ? 'on' : '' };
  try {
    await setAdminTwoFactorRequired(getDb(), actor, required);
    revalidatePath('/admins');
    return { status: 'success', values: kept, fieldErrors: {}, message: required ? t('savedOn') : t('savedOff') };
  } catch (error) {
    return errorState(error, kept, ['requireTwoFactor']);
  }
}
