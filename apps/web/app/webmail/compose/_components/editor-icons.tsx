/** Small stroke icons for the editor toolbar and the attachment button (emoji glyphs are missing on some systems). */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-4"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

export const BulletListIcon = () => (
  <Icon>
    <circle cx="4" cy="5" r="0.9" fill="currentColor" />
    <circle cx="4" cy="10" r="0.9" fill="currentColor" />
    <circle cx="4" cy="15" r="0.9" fill="currentColor" />
    <path d="M8 5h9M8 10h9M8 15h9" />
  </Icon>
);

export const OrderedListIcon = () => (
  <Icon>
    <path d="M3 4h1.5v3M3 7h3M3 12.5c.4-.6 2.6-.8 2.6.4 0 .9-2.6 1.6-2.6 2.6h2.8M9 5h8M9 10h8M9 15h8" />
  </Icon>
);

export const QuoteIcon = () => (
  <Icon>
    <path d="M4 4v12M8 6h8M8 10h8M8 14h5" />
  </Icon>
);

export const LinkIcon = () => (
  <Icon>
    <path d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-1 1M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l1-1" />
  </Icon>
);

export const UndoIcon = () => (
  <Icon>
    <path d="M7 5 3.5 8.5 7 12M4 8.5h7.5a4.5 4.5 0 0 1 0 9H9" />
  </Icon>
);

export const RedoIcon = () => (
  <Icon>
    <path d="M13 5l3.5 3.5L13 12M16 8.5H8.5a4.5 4.5 0 0 0 0 9H11" />
  </Icon>
);

export const PaperclipIcon = () => (
  <Icon>
    <path d="M15.5 9.5 10 15a3.5 3.5 0 0 1-5-5l6-6a2.3 2.3 0 0 1 3.3 3.3l-6 6a1.2 1.2 0 0 1-1.7-1.7L12 6" />
  </Icon>
);
