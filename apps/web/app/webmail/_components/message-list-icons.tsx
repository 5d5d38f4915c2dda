/**
 * The list's small marks as SVG (an emoji paperclip or star depends on the
 * fonts a device has; these look the same everywhere). 24×24 outlines,
 * drawn in the text colour.
 */
const PATHS = {
  attachment: 'M21 11.5l-8.5 8.5a5 5 0 01-7-7L14 4.5a3.5 3.5 0 015 5L10.5 18a2 2 0 01-3-3L15 7.5',
  flagged: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z',
  answered: 'M9 14L4 9l5-5M4 9h10a6 6 0 016 6v4',
  forwarded: 'M15 14l5-5-5-5M20 9H10a6 6 0 00-6 6v4',
  draft: 'M4 20h4L19 9l-4-4L4 16v4zM13 7l4 4',
  junk: 'M12 3l9 16H3L12 3zm0 6v4m0 3v.5',
  search: 'M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4-4',
} as const;

export type ListIconName = keyof typeof PATHS;

export function ListIcon({ name, className = 'size-3.5', filled = false }: { name: ListIconName; className?: string; filled?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className={`shrink-0 ${className}`}
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
