import 'server-only';
import { type ImapLogin, withImap } from './imap-pool.ts';

/** The special uses webmail knows (RFC 6154), and INBOX. */
export type FolderRole = 'inbox' | 'drafts' | 'sent' | 'junk' | 'trash' | 'archive' | 'flagged' | 'all' | null;

export interface MailFolder {
  path: string;
  /** The last part of the path, as shown in the tree. */
  name: string;
  parent: string | null;
  depth: number;
  delimiter: string;
  role: FolderRole;
  messages: number;
  unseen: number;
  /** \Noselect: a folder that only holds other folders. */
  selectable: boolean;
}

const ROLE_OF_SPECIAL_USE: Record<string, FolderRole> = {
  '\\Inbox': 'inbox',
  '\\Drafts': 'drafts',
  '\\Sent': 'sent',
  '\\Junk': 'junk',
  '\\Trash': 'trash',
  '\\Archive': 'archive',
  '\\Flagged': 'flagged',
  '\\All': 'all',
};

/** Special folders first, in the order mail apps show them; then the user's own, by path. */
const ROLE_ORDER: FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];

function rank(folder: MailFolder): number {
  const index = ROLE_ORDER.indexOf(folder.role);
  return index === -1 ? ROLE_ORDER.length : index;
}

/** Every folder with its counts, in one LIST-STATUS round trip. */
export async function listFolders(login: ImapLogin): Promise<MailFolder[]> {
  const listed = await withImap(login, null, (client) => client.list({ statusQuery: { messages: true, unseen: true } }));
  const folders = listed.map((entry): MailFolder => {
    const delimiter = entry.delimiter || '/';
    const parts = entry.path.split(delimiter);
    return {
      path: entry.path,
      name: entry.name,
      parent: parts.length > 1 ? parts.slice(0, -1).join(delimiter) : null,
      depth: parts.length - 1,
      delimiter,
      role: entry.path.toUpperCase() === 'INBOX' ? 'inbox' : (ROLE_OF_SPECIAL_USE[entry.specialUse ?? ''] ?? null),
      messages: entry.status?.messages ?? 0,
      unseen: entry.status?.unseen ?? 0,
      selectable: !entry.flags.has('\\Noselect'),
    };
  });
  // Children stay under their parent: sort top-level folders, then place each child after its parent.
  const byParent = new Map<string | null, MailFolder[]>();
  for (const folder of folders) byParent.set(folder.parent, [...(byParent.get(folder.parent) ?? []), folder]);
  const ordered: MailFolder[] = [];
  const visit = (parent: string | null) => {
    const children = (byParent.get(parent) ?? []).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    for (const child of children) {
      ordered.push(child);
      visit(child.path);
    }
  };
  visit(null);
  // Folders whose parent is not listed (unsubscribed or odd delimiters) still show.
  for (const folder of folders) if (!ordered.includes(folder)) ordered.push(folder);
  return ordered;
}

/** The path of the folder with a role (e.g. where drafts and sent copies go); null when the account has none. */
export function folderWithRole(folders: MailFolder[], role: FolderRole): string | null {
  return folders.find((folder) => folder.role === role)?.path ?? null;
}
