import { type AuditActionGroup, type AuditActionKey, auditNames } from '../messages/audit-names.ts';

type TargetKey = keyof typeof auditNames.en.targets;

/** An action's message key: next-intl nests at ".", so "mailbox.create" is "mailbox_create". */
export function auditActionKey(action: string): string {
  return action.replaceAll('.', '_');
}

function isActionKey(key: string): key is AuditActionKey {
  return Object.hasOwn(auditNames.en.actions, key);
}

function isTargetKey(key: string): key is TargetKey {
  return Object.hasOwn(auditNames.en.targets, key);
}

function isGroup(key: string): key is AuditActionGroup {
  return Object.hasOwn(auditNames.en.groups, key);
}

/** An action's group: the first part of its code ("mailbox" of "mailbox.app-password.revoke"). */
export function auditActionGroup(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

/**
 * Names for the audit log's codes in the panel's language, from
 * `getTranslations('auditNames')`; a code without a name (an entry written
 * by an older or newer version) is shown as it is.
 */
export function auditNamer(t: (key: `actions.${AuditActionKey}` | `targets.${TargetKey}` | `groups.${AuditActionGroup}`) => string) {
  return {
    action(action: string): string {
      const key = auditActionKey(action);
      return isActionKey(key) ? t(`actions.${key}`) : action;
    },
    targetType(type: string): string {
      return isTargetKey(type) ? t(`targets.${type}`) : type;
    },
    group(group: string): string {
      return isGroup(group) ? t(`groups.${group}`) : group;
    },
  };
}

export type AuditNamer = ReturnType<typeof auditNamer>;
