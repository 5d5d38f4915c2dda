import { type AuditFilters, listQuery } from '@kontor/db';
import { dateRange } from '@/lib/date-range.ts';
import { PANEL_TIME_ZONE } from '@/lib/locale.ts';

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

function reader(search: Search) {
  return (name: string): string => {
    const value = search instanceof URLSearchParams ? search.get(name) : search[name];
    return ((Array.isArray(value) ? value[0] : value) ?? '').trim().slice(0, 200);
  };
}

/**
 * The audit log's filters from a URL's query (the page and the CSV export
 * read the same ones): who, action, target, from/to days in the panel's
 * time zone, and the page.
 */
export function auditFilters(search: Search) {
  const get = reader(search);
  const text = { actor: get('actor'), action: get('action'), target: get('target'), from: get('from'), to: get('to') };
  const range = dateRange(text.from, text.to, PANEL_TIME_ZONE);
  const filters: AuditFilters = {
    actor: text.actor || undefined,
    action: text.action || undefined,
    target: text.target || undefined,
    since: range.since,
    until: range.until,
  };
  const query = listQuery.parse({ page: get('page') || undefined, pageSize: get('pageSize') || undefined });
  return { text, filters, query, invalid: range.invalid, filtered: Object.values(text).some(Boolean), pageSize: get('pageSize') || undefined };
}
