import type { FolderRole } from '@/lib/webmail/folders.ts';

const PATHS: Record<Exclude<FolderRole, null> | 'folder', string> = {
  inbox: 'M3 13h4l2 3h6l2-3h4M5 5h14l2 8v6H3v-6z',
  drafts: 'M4 20h4L19 9l-4-4L4 16v4zM13 7l4 4',
  sent: 'M3 11l18-8-8 18-2-8-8-2z',
  junk: 'M12 3l9 16H3L12 3zm0 6v4m0 3v.5',
  trash: 'M4 7h16M9 7V4h6v3m-8 0l1 13h8l1-13',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  flagged: 'M5 21V4h11l-2 4 2 4H5',
  all: 'M4 6h16M4 12h16M4 18h16',
  folder: 'M3 6h6l2 2h10v11H3z',
};

/** Special-use folders get their own picture (RFC 6154), every other folder a plain one. */
export function FolderIcon({ kind }: { kind: FolderRole }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className="size-4 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[kind ?? 'folder']} />
    </svg>
  );
}
