'use client';

import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useHydrated } from './hydration.tsx';
import { buttonClass } from './ui.tsx';

/**
 * A list's toolbar: the search on the left and, on the right, a button
 * that opens the list's "add" form right under it, so adding never means
 * scrolling past the list. Without `children` (nothing to add) it is the
 * search alone. `openInitially`: an empty list shows its form at once;
 * so does a link to `#<panelId>`.
 */
export function ListToolbar({
  search,
  addLabel,
  panelId,
  openInitially = false,
  children,
}: {
  search: ReactNode;
  addLabel?: string;
  panelId?: string;
  openInitially?: boolean;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(openInitially);
  const [focusWanted, setFocusWanted] = useState(false);
  const hydrated = useHydrated();
  const panel = useRef<HTMLDivElement>(null);
  // A link to `#<panelId>` (the dashboard's "Add domain") arrives with the form open.
  useEffect(() => {
    if (!panelId) return;
    const follow = () => {
      if (window.location.hash !== `#${panelId}`) return;
      setOpen(true);
      setFocusWanted(true);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [panelId]);
  useEffect(() => {
    if (!focusWanted) return;
    panel.current?.querySelector<HTMLElement>('input:not([type=hidden]), textarea')?.focus();
    setFocusWanted(false);
  }, [focusWanted]);
  return (
    <div className="space-y-4">
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">{search}</div>
        {children && addLabel && (
          <button
            type="button"
            className={buttonClass.primary}
            aria-expanded={open}
            aria-controls={panelId}
            disabled={!hydrated}
            onClick={() => {
              setOpen(!open);
              setFocusWanted(!open);
            }}
          >
            <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
              <path d={open ? 'M5 10h10' : 'M10 5v10M5 10h10'} />
            </svg>
            {addLabel}
          </button>
        )}
      </div>
      {children && (
        <div id={panelId} ref={panel} hidden={!open}>
          {children}
        </div>
      )}
    </div>
  );
}
