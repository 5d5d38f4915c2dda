'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type DragEvent, type MouseEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import type { FolderRole, MailFolder } from '@/lib/webmail/folders.ts';
import type { MessageAction, MessageSet } from '@/lib/webmail/message-actions.ts';
import { composeHref, type ListSource, listHref, NEW_MESSAGE_HREF, openHref } from '@/lib/webmail/message-links.ts';
import type { MessageRow } from '@/lib/webmail/message-list.ts';
import { applyToMessages } from '../f/[folder]/actions.ts';
import { BulkActions, useFolderLabel } from './bulk-actions.tsx';
import { KeyboardHelp } from './keyboard-help.tsx';
import { useKeyboardShortcuts } from './keyboard-shortcuts.tsx';
import { DRAG_TYPE, MOVED_EVENT } from './message-list-drag.ts';
import { type ListSnapshot, rowKey, rowUids, type Slot, useListPages } from './message-list-pages.ts';
import { LoadingRow, MessageListRow, ROW_HEIGHT } from './message-list-row.tsx';

export interface MessageListProps {
  source: ListSource;
  snapshot: ListSnapshot;
  open: { path: string; uid: number } | null;
  folders: MailFolder[];
  /** The folder listed (its role decides Delete vs Delete for good, Junk vs Not junk); 'search' for results. */
  role: FolderRole | 'search';
  path: string | null;
  showRecipients: boolean;
  now: string;
  title: ReactNode;
  empty: ReactNode;
}

/** The sets of messages the given rows stand for, one per folder. */
function setsOf(rows: MessageRow[]): MessageSet[] {
  const byPath = new Map<string, number[]>();
  for (const row of rows) byPath.set(row.path, [...(byPath.get(row.path) ?? []), ...rowUids(row)]);
  return [...byPath].map(([path, uids]) => ({ path, uids: [...new Set(uids)] }));
}

const FLAG_CHANGES: Partial<Record<MessageAction, Partial<MessageRow>>> = {
  read: { seen: true },
  unread: { seen: false },
  flag: { flagged: true },
  unflag: { flagged: false },
};

/**
 * A folder's (or a search's) messages: a virtual list (only the rows in
 * view are drawn; pages are fetched as they scroll in), with selection
 * (checkbox, shift-click for a range, select all), bulk actions, drag to a
 * folder, and the keyboard shortcuts.
 */
export function MessageList(props: MessageListProps) {
  const { source, open } = props;
  const t = useTranslations('webmailList');
  const router = useRouter();
  const folderLabel = useFolderLabel();
  const list = useListPages(source, props.snapshot);
  const rows = useMemo(() => list.slots.filter((slot): slot is Slot & { row: MessageRow } => slot.row !== null), [list.slots]);
  const [selected, setSelected] = useState(() => new Set<string>());
  const anchor = useRef<string | null>(null);
  const openKey = open ? rowKey(open) : null;
  const [cursorKey, setCursorKey] = useState<string | null>(openKey);
  const [helpOpen, setHelpOpen] = useState(false);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  // Counts finished actions, so a test (or a screen reader's user) can tell a new answer from the last one.
  const [answers, setAnswers] = useState(0);
  const [pending, startTransition] = useTransition();
  const [mounted, setMounted] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const now = useMemo(() => new Date(props.now), [props.now]);

  useEffect(() => setMounted(true), []);
  useEffect(() => {
    if (openKey) setCursorKey(openKey);
  }, [openKey]);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 5000);
    return () => clearTimeout(timer);
  }, [status]);

  const virtualizer = useVirtualizer({ count: list.slots.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const visible = virtualizer.getVirtualItems();
  const firstVisible = visible[0]?.index ?? 0;
  const lastVisible = visible[visible.length - 1]?.index ?? 0;
  const { ensure, slots } = list;
  useEffect(() => {
    if (!mounted) return;
    const pages: number[] = [];
    for (let index = firstVisible; index <= lastVisible; index++) {
      const slot = slots[index];
      if (slot) pages.push(slot.page);
    }
    ensure(pages);
  }, [mounted, firstVisible, lastVisible, slots, ensure]);

  const selectedRows = useCallback(() => rows.filter((slot) => selected.has(slot.key)).map((slot) => slot.row), [rows, selected]);

  const run = useCallback(
    (action: MessageAction, targets: MessageRow[], target?: string, after?: () => void) => {
      if (targets.length === 0) return;
      if (action === 'delete' && props.role === 'trash' && !window.confirm(t('bulk.confirmDeleteForever', { count: targets.length }))) return;
      startTransition(async () => {
        const result = await applyToMessages({ action, sets: setsOf(targets), target: target ?? null });
        setAnswers((count) => count + 1);
        if (!result.ok) {
          setStatus({ tone: 'error', text: t(`errors.${result.error}`) });
          return;
        }
        const keys = new Set(targets.map(rowKey));
        const change = FLAG_CHANGES[action];
        if (change) list.patch(keys, change);
        else {
          list.hide(keys);
          setSelected(new Set());
        }
        setStatus({ tone: 'ok', text: t('bulk.done', { count: result.count }) });
        after?.();
        router.refresh();
      });
    },
    [list, props.role, router, t],
  );

  useEffect(() => {
    const onMoved = (event: Event) => {
      const keys = (event as CustomEvent<string[]>).detail;
      list.hide(keys);
      setSelected(new Set());
    };
    window.addEventListener(MOVED_EVENT, onMoved);
    return () => window.removeEventListener(MOVED_EVENT, onMoved);
  }, [list]);

  const check = (slot: Slot & { row: MessageRow }, event: MouseEvent<HTMLInputElement>) => {
    const next = new Set(selected);
    const on = !selected.has(slot.key);
    const from = anchor.current ? rows.findIndex((entry) => entry.key === anchor.current) : -1;
    if (event.shiftKey && from >= 0) {
      const to = rows.findIndex((entry) => entry.key === slot.key);
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const key = rows[i]?.key;
        if (key) on ? next.add(key) : next.delete(key);
      }
    } else if (on) next.add(slot.key);
    else next.delete(slot.key);
    anchor.current = slot.key;
    setSelected(next);
  };

  const dragStart = (slot: Slot & { row: MessageRow }, event: DragEvent<HTMLAnchorElement>) => {
    const dragged = selected.has(slot.key) ? selectedRows() : [slot.row];
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ sets: setsOf(dragged), keys: dragged.map(rowKey) }));
    event.dataTransfer.setData('text/plain', t('bulk.dragLabel', { count: dragged.length }));
  };

  const cursorIndex = rows.findIndex((slot) => slot.key === (cursorKey ?? openKey));
  const cursorRow = cursorIndex >= 0 ? rows[cursorIndex]?.row : undefined;
  const openRow = openKey ? rows.find((slot) => slot.key === openKey)?.row : undefined;
  /** What a one-message shortcut acts on: the selection, else the open message, else the cursor's. */
  const targets = () => (selected.size > 0 ? selectedRows() : openRow ? [openRow] : cursorRow ? [cursorRow] : []);

  const moveCursor = (step: number) => {
    const at = cursorIndex < 0 ? (step > 0 ? -1 : rows.length) : cursorIndex;
    const next = rows[Math.max(0, Math.min(rows.length - 1, at + step))];
    if (!next) return;
    setCursorKey(next.key);
    virtualizer.scrollToIndex(
      list.slots.findIndex((slot) => slot.key === next.key),
      { align: 'auto' },
    );
    // With a message open, j and k open the next one, as they do in Gmail and Thunderbird.
    if (openKey) router.push(openHref(source, next.row.path, next.row.uid));
  };

  /** After the open message leaves the folder: the next one opens (or the list, at the end). */
  const leaveOpen = () => {
    if (!openRow) return undefined;
    const at = rows.findIndex((slot) => slot.key === openKey);
    const next = rows.slice(at + 1).find((slot) => slot.depth === 0 && !selected.has(slot.key)) ?? rows[at - 1];
    return () => router.push(next && next.key !== openKey ? openHref(source, next.row.path, next.row.uid) : listHref(source));
  };

  const reply = (mode: 'reply' | 'replyAll' | 'forward') => {
    const row = openRow ?? cursorRow;
    if (row) router.push(composeHref(mode, row.path, row.uid));
  };

  useKeyboardShortcuts({
    next: () => moveCursor(1),
    previous: () => moveCursor(-1),
    open: () => cursorRow && router.push(openHref(source, cursorRow.path, cursorRow.uid)),
    back: () => openKey && router.push(listHref(source)),
    reply: () => reply('reply'),
    replyAll: () => reply('replyAll'),
    forward: () => reply('forward'),
    compose: () => router.push(NEW_MESSAGE_HREF),
    delete: () => run('delete', targets(), undefined, selected.size === 0 ? leaveOpen() : undefined),
    archive: () => props.role !== 'archive' && run('archive', targets(), undefined, selected.size === 0 ? leaveOpen() : undefined),
    search: () => document.getElementById('webmail-search-q')?.focus(),
    help: () => setHelpOpen(true),
  });

  const folderName = (path: string) => {
    const folder = props.folders.find((entry) => entry.path === path);
    return folder ? folderLabel(folder) : path;
  };

  const renderSlot = (slot: Slot) =>
    slot.row ? (
      <MessageListRow
        row={slot.row}
        href={openHref(source, slot.row.path, slot.row.uid)}
        depth={slot.depth}
        now={now}
        showRecipients={props.showRecipients}
        folderLabel={props.role === 'search' ? folderName(slot.row.path) : undefined}
        checked={selected.has(slot.key)}
        open={slot.key === openKey || (slot.depth === 0 && open !== null && !!slot.row.thread?.uids.includes(open.uid) && slot.row.path === open.path)}
        cursor={slot.key === cursorKey && cursorKey !== openKey}
        threadOpen={list.opened.has(slot.key)}
        onCheck={(event) => check(slot as Slot & { row: MessageRow }, event)}
        onToggleThread={() => slot.row && void list.toggleThread(slot.row)}
        onDragStart={(event) => dragStart(slot as Slot & { row: MessageRow }, event)}
      />
    ) : (
      <LoadingRow />
    );

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <BulkActions
        selected={selected.size}
        shown={rows.length}
        role={props.role}
        path={props.path}
        folders={props.folders}
        pending={pending}
        title={props.title}
        onSelectAll={(all) => setSelected(all ? new Set(rows.map((slot) => slot.key)) : new Set())}
        onAction={(action, target) => run(action, selectedRows(), target)}
      />
      <p
        aria-live="polite"
        className={status ? `px-3 py-1.5 text-xs ${status.tone === 'error' ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800'}` : 'sr-only'}
        data-testid="list-status"
        data-answers={answers}
      >
        {status?.text ?? (list.failed ? t('loadFailed') : '')}
      </p>
      <div ref={scroller} className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto" data-testid="message-scroller">
        {list.total === 0 ? (
          <div className="p-6 text-sm text-slate-500">{props.empty}</div>
        ) : mounted ? (
          <ul
            aria-label={t('count', { count: list.total })}
            data-testid="message-list"
            className="relative w-full"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {visible.map((item) => {
              const slot = list.slots[item.index];
              if (!slot) return null;
              return (
                <li
                  key={slot.key}
                  aria-posinset={item.index + 1}
                  aria-setsize={list.slots.length}
                  className="absolute top-0 left-0 w-full"
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  {renderSlot(slot)}
                </li>
              );
            })}
          </ul>
        ) : (
          // Before the scripts run (and in the server's HTML, where the CSP drops inline styles): the first page in flow.
          <ul data-testid="message-list">
            {rows.slice(0, props.snapshot.pageSize).map((slot) => (
              <li key={slot.key} className="h-[76px]">
                {renderSlot(slot)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {helpOpen && <KeyboardHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
