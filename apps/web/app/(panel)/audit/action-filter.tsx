import { getTranslations } from 'next-intl/server';
import { auditActionGroup, auditNamer } from '@/lib/audit-names.ts';

/**
 * The audit log's action filter: a menu of the actions in the log, by name
 * and grouped by what they are done to, each group with "all of it" first.
 * Its values are the codes the filter matches (a group's is its prefix with
 * the dot, so "api." is not "apikey."); a code typed into the URL stays
 * chosen.
 */
export async function ActionFilter({ actions, current, label, className }: { actions: string[]; current: string; label: string; className: string }) {
  const t = await getTranslations('auditNames');
  const names = auditNamer(t);
  const groups = new Map<string, string[]>();
  for (const action of actions) {
    const group = auditActionGroup(action);
    groups.set(group, [...(groups.get(group) ?? []), action]);
  }
  const values = new Set(['', ...actions, ...[...groups.keys()].map((g) => `${g}.`)]);
  return (
    <label className="min-w-0 flex-1 basis-44">
      <span className="mb-1 block text-xs font-medium text-slate-600">{label}</span>
      <select name="action" defaultValue={current} className={className}>
        <option value="">{t('allActions')}</option>
        {!values.has(current) && <option value={current}>{current}</option>}
        {[...groups].map(([group, members]) => (
          <optgroup key={group} label={names.group(group)}>
            <option value={`${group}.`}>{t('groupAll', { group: names.group(group) })}</option>
            {members.map((action) => (
              <option key={action} value={action}>
                {names.action(action)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
