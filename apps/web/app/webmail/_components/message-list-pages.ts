'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ListSource, rowsHref, threadRowsHref } from '@/lib/webmail/message-links.ts';
import type { MessageRow } from '@/lib/webmail/message-list.ts';

/**
 * The list's rows, page by page: the first page comes with the server's
 * HTML, the others are fetched (rows route, JSON) when the user scrolls
 * them into view. A new server render (live update, an action's refresh)
 * replaces the first page and marks the others stale: they stay on screen
 * and are fetched again when seen.
 */
export interface ListSnapshot {
  rows: MessageRow[];
  total: number;
  pageSize: number;
}

/** One line of the list: a message (or conversation), a message inside an opened conversation, or a row still loading. */
export interface Slot {
  key: string;
  row: MessageRow | null;
  page: number;
  /** 1 for the messages of an opened conversation, shown under it. */
  depth: 0 | 1;
}

interface Page {
  rows: MessageRow[];
  stale: boolean;
}

export function rowKey(row: Pick<MessageRow, 'uid' | 'path'>): string {
  return `${row.uid}@${row.path}`;
}

/** The UIDs a row stands for: a conversation's are all of its messages. */
export function rowUids(row: MessageRow): number[] {
  return row.thread?.uids ?? [row.uid];
}

function buildSlots(pages: Map<number, Page>, total: number, pageSize: number, hidden: Set<string>, opened: Map<string, MessageRow[]>): Slot[] {
  const slots: Slot[] = [];
  const seen = new Set<string>();
  const pageCount = Math.ceil(total / pageSize);
  for (let page = 1; page <= pageCount; page++) {
    const entry = pages.get(page);
    if (!entry) {
      const count = Math.min(pageSize, total - (page - 1) * pageSize);
      for (let i = 0; i < count; i++) slots.push({ key: `loading-${page}-${i}`, row: null, page, depth: 0 });
      continue;
    }
    for (const row of entry.rows) {
      const key = rowKey(row);
      // A row that moved between pages while they were fetched at different times shows once.
      if (seen.has(key) || hidden.has(key)) continue;
      seen.add(key);
      slots.push({ key, row, page, depth: 0 });
      for (const child of opened.get(key) ?? []) {
        const childKey = `${rowKey(child)}#in-${key}`;
        if (!hidden.has(rowKey(child))) slots.push({ key: childKey, row: child, page, depth: 1 });
      }
    }
  }
  return slots;
}

function patchRows(rows: MessageRow[], keys: Set<string>, change: Partial<MessageRow>): MessageRow[] {
  return rows.map((row) => (keys.has(rowKey(row)) ? { ...row, ...change } : row));
}

export function useListPages(source: ListSource, snapshot: ListSnapshot) {
  const [pages, setPages] = useState(() => new Map<number, Page>([[1, { rows: snapshot.rows, stale: false }]]));
  const [total, setTotal] = useState(snapshot.total);
  const [hidden, setHidden] = useState(() => new Set<string>());
  const [opened, setOpened] = useState(() => new Map<string, MessageRow[]>());
  const [failed, setFailed] = useState(false);
  const loading = useRef(new Set<number>());
  const shown = useRef(snapshot);

  useEffect(() => {
    if (shown.current === snapshot) return;
    shown.current = snapshot;
    setPages((previous) => {
      const next = new Map<number, Page>();
      for (const [page, entry] of previous) if (page !== 1) next.set(page, { ...entry, stale: true });
      next.set(1, { rows: snapshot.rows, stale: false });
      return next;
    });
    setTotal(snapshot.total);
    setHidden(new Set());
    setOpened((previous) => (previous.size === 0 ? previous : new Map()));
  }, [snapshot]);

  const load = useCallback(
    async (page: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      try {
        const response = await fetch(rowsHref(source, page), { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!response.ok) throw new Error(`rows ${response.status}`);
        const data = (await response.json()) as { rows: MessageRow[]; total: number };
        setPages((previous) => new Map(previous).set(page, { rows: data.rows, stale: false }));
        setTotal(data.total);
        setFailed(false);
      } catch {
        setFailed(true);
      } finally {
        loading.current.delete(page);
      }
    },
    [source],
  );

  /** Fetches the pages of these slots that are missing or stale. */
  const ensure = useCallback(
    (wanted: Iterable<number>) => {
      for (const page of new Set(wanted)) {
        const entry = pages.get(page);
        if (!entry || entry.stale) void load(page);
      }
    },
    [pages, load],
  );

  const slots = useMemo(() => buildSlots(pages, total, snapshot.pageSize, hidden, opened), [pages, total, snapshot.pageSize, hidden, opened]);

  /** Flags changed here: shown at once, before the server's next answer. */
  const patch = useCallback((keys: Set<string>, change: Partial<MessageRow>) => {
    setPages((previous) => new Map([...previous].map(([page, entry]) => [page, { ...entry, rows: patchRows(entry.rows, keys, change) }])));
    setOpened((previous) => new Map([...previous].map(([key, rows]) => [key, patchRows(rows, keys, change)])));
  }, []);

  /** Messages moved away: hidden at once; the other pages are fetched again when seen. */
  const hide = useCallback((keys: Iterable<string>) => {
    setHidden((previous) => new Set([...previous, ...keys]));
    setPages((previous) => new Map([...previous].map(([page, entry]) => [page, { ...entry, stale: page !== 1 || entry.stale }])));
  }, []);

  /** Opens (or closes) a conversation in the list: its messages are fetched when opened. */
  const toggleThread = useCallback(
    async (row: MessageRow) => {
      const key = rowKey(row);
      if (opened.has(key)) {
        setOpened((previous) => {
          const next = new Map(previous);
          next.delete(key);
          return next;
        });
        return;
      }
      if (!row.thread) return;
      const response = await fetch(threadRowsHref(row.path, row.thread.uids), { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) return setFailed(true);
      const data = (await response.json()) as { rows: MessageRow[] };
      setOpened((previous) => new Map(previous).set(key, data.rows));
    },
    [opened],
  );

  return { slots, total, failed, ensure, patch, hide, opened, toggleThread };
}
