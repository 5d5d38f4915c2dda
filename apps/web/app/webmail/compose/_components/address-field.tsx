'use client';

import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { cx } from '@/components/ui.tsx';
import type { Correspondent, Recipient } from '@/lib/webmail/compose/compose-input.ts';

const MAX_SHOWN = 8;
/** A plausible address for the chip's colour; submission and the send route decide for real. */
const LOOKS_VALID = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** "Anna Berg <anna@x>", "anna@x", or several of them separated by commas, semicolons or new lines. */
export function parseRecipients(text: string): Recipient[] {
  const out: Recipient[] = [];
  for (const piece of text.split(/[,;\n]+/)) {
    const trimmed = piece.trim();
    if (!trimmed) continue;
    const angle = /^(.*?)<([^>]+)>$/.exec(trimmed);
    if (angle) out.push({ name: angle[1]!.trim().replace(/^"|"$/g, ''), address: angle[2]!.trim() });
    else out.push({ name: '', address: trimmed });
  }
  return out;
}

function matches(entry: Correspondent, query: string): boolean {
  const q = query.toLowerCase();
  if (entry.address.toLowerCase().startsWith(q)) return true;
  return entry.name
    .toLowerCase()
    .split(/\s+/)
    .some((word) => word.startsWith(q));
}

/**
 * To, Cc or Bcc: each address a chip, typed text completed from the
 * user's correspondents (an ARIA combobox: arrows choose, Enter takes).
 */
export function AddressField({
  id,
  label,
  value,
  onChange,
  suggestions,
  autoFocus,
}: {
  id: string;
  label: string;
  value: Recipient[];
  onChange(next: Recipient[]): void;
  suggestions: Correspondent[];
  autoFocus?: boolean;
}) {
  const t = useTranslations('webmailCompose');
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  // On first render only: the field to start typing in (To for a new message).
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, when the form opens.
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  const taken = useMemo(() => new Set(value.map((r) => r.address.toLowerCase())), [value]);
  const shown = useMemo(
    () => (text.trim() ? suggestions.filter((s) => !taken.has(s.address.toLowerCase()) && matches(s, text.trim())).slice(0, MAX_SHOWN) : []),
    [suggestions, taken, text],
  );
  const expanded = open && shown.length > 0;

  const add = (entries: Recipient[]) => {
    const fresh = entries.filter((entry, index) => !taken.has(entry.address.toLowerCase()) && entries.findIndex((e) => e.address === entry.address) === index);
    if (fresh.length) onChange([...value, ...fresh]);
    setText('');
    setActive(0);
  };
  const commitText = () => {
    if (text.trim()) add(parseRecipients(text));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (expanded && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && expanded) {
      event.preventDefault();
      add([shown[active]!]);
    } else if (event.key === 'Enter' || event.key === ',' || event.key === ';') {
      if (text.trim()) {
        event.preventDefault();
        commitText();
      } else if (event.key === 'Enter') event.preventDefault();
    } else if (event.key === 'Backspace' && !text && value.length) {
      onChange(value.slice(0, -1));
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div className="relative flex min-w-0 flex-1 flex-wrap items-center gap-1 py-1" data-testid={`recipients-${id}`}>
      {value.map((entry) => {
        const valid = LOOKS_VALID.test(entry.address);
        return (
          <span
            key={entry.address}
            data-testid="recipient-chip"
            data-address={entry.address}
            title={valid ? entry.address : t('invalidRecipient')}
            className={cx(
              'inline-flex max-w-full items-center gap-1 rounded-full py-0.5 pr-1 pl-2.5 text-sm',
              valid ? 'bg-slate-100 text-slate-800' : 'bg-red-50 text-red-700 ring-1 ring-red-300',
            )}
          >
            <span className="truncate">{entry.name || entry.address}</span>
            <button
              type="button"
              onClick={() => onChange(value.filter((r) => r !== entry))}
              aria-label={t('removeRecipient', { address: entry.address })}
              className="inline-flex size-5 shrink-0 items-center justify-center rounded-full text-slate-500 hover:bg-slate-200"
            >
              ×
            </button>
          </span>
        );
      })}
      <input
        id={`compose-${id}`}
        aria-label={label}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? `${listId}-${active}` : undefined}
        ref={input}
        autoComplete="off"
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          // A pasted list becomes chips at once.
          if (/[,;\n]/.test(next) && parseRecipients(next).length > 1) add(parseRecipients(next));
          else {
            setText(next);
            setOpen(true);
            setActive(0);
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          commitText();
        }}
        className="min-w-32 flex-1 border-0 bg-transparent px-1 py-1 text-sm text-slate-900 focus:ring-0 focus:outline-none"
      />
      {expanded && (
        <div
          id={listId}
          role="listbox"
          aria-label={t('suggestions')}
          className="absolute top-full left-0 z-30 mt-1 max-h-72 w-full max-w-md overflow-y-auto rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200"
        >
          {shown.map((entry, index) => (
            <div
              key={entry.address}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              // Before the input's blur: the click must land on the suggestion.
              onMouseDown={(event) => {
                event.preventDefault();
                add([entry]);
              }}
              onMouseEnter={() => setActive(index)}
              className={cx('cursor-pointer px-3 py-1.5 text-sm', index === active ? 'bg-indigo-50 text-indigo-900' : 'text-slate-800')}
            >
              {entry.name ? (
                <>
                  <span className="font-medium">{entry.name}</span> <span className="text-slate-500">{entry.address}</span>
                </>
              ) : (
                entry.address
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
