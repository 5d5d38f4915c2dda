'use client';

import { useEffect, useRef } from 'react';

/**
 * The list's keys (Gmail's and Thunderbird's letters): j/k next and
 * previous, Enter or o opens, u back to the list, r/a/f reply, reply all,
 * forward, c new message, # delete, e archive, / search, ? this list.
 * Never while the user types in a field, nor with Ctrl, Alt or Cmd held
 * (those belong to the browser).
 */
export type ShortcutName = 'next' | 'previous' | 'open' | 'back' | 'reply' | 'replyAll' | 'forward' | 'compose' | 'delete' | 'archive' | 'search' | 'help';

export const SHORTCUTS: Array<{ name: ShortcutName; keys: string[] }> = [
  { name: 'next', keys: ['j'] },
  { name: 'previous', keys: ['k'] },
  { name: 'open', keys: ['Enter', 'o'] },
  { name: 'back', keys: ['u'] },
  { name: 'reply', keys: ['r'] },
  { name: 'replyAll', keys: ['a'] },
  { name: 'forward', keys: ['f'] },
  { name: 'compose', keys: ['c'] },
  { name: 'delete', keys: ['#'] },
  { name: 'archive', keys: ['e'] },
  { name: 'search', keys: ['/'] },
  { name: 'help', keys: ['?'] },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((shortcut) => shortcut.keys.map((key) => [key, shortcut.name] as const)));

/** Typing in a field, a select or an editor (compose's rich text) is never a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

export function useKeyboardShortcuts(handlers: Partial<Record<ShortcutName, () => void>>): void {
  // The latest handlers, without re-adding the listener on every render.
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const name = BY_KEY.get(event.key);
      // Enter on a link or button already does what it says.
      if (!name || (name === 'open' && event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('a, button'))) return;
      const handler = current.current[name];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
