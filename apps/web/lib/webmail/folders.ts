import 'server-only';
import { cache } from 'react';
import { isProtected } from './folder-rules.ts';
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

/** Every folder with its counts, in one LIST-STATUS round trip. Actions use this one (never a cached answer). */
export async function readFolders(login: ImapLogin): Promise<MailFolder[]> {
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

/** readFolders once per request: the layout's tree and the page's "Move to" menu share it. */
export const listFolders = cache(readFolders);

/** The path of the folder with a role (e.g. where drafts and sent copies go); null when the account has none. */
export function folderWithRole(folders: MailFolder[], role: FolderRole): string | null {
  return folders.find((folder) => folder.role === role)?.path ?? null;
}

export type FolderChangeError = 'invalidName' | 'exists' | 'notFound' | 'protected' | 'hasChildren';

export class FolderChangeRefused extends Error {
  constructor(readonly reason: FolderChangeError) {
    super(`Folder change refused: ${reason}`);
  }
}

/** A new folder's last part: not empty, no hierarchy delimiter, no control characters, a sane length. */
export function validFolderName(name: string, delimiter: string): string {
  const trimmed = name.normalize('NFC').trim();
  if (!trimmed || trimmed.length > 100 || trimmed.includes(delimiter) || /[\u0000-\u001f\u007f*%]/.test(trimmed)) {
    throw new FolderChangeRefused('invalidName');
  }
  return trimmed;
}

function find(folders: MailFolder[], path: string): MailFolder {
  const folder = folders.find((entry) => entry.path === path);
  if (!folder) throw new FolderChangeRefused('notFound');
  return folder;
}

function samePath(folders: MailFolder[], path: string): boolean {
  return folders.some((entry) => entry.path.toLowerCase() === path.toLowerCase());
}

/** CREATE a folder at the top level or under `parent`; returns its path. */
export async function createFolder(login: ImapLogin, parent: string | null, name: string): Promise<string> {
  const folders = await readFolders(login);
  const delimiter = folders[0]?.delimiter ?? '/';
  const leaf = validFolderName(name, delimiter);
  if (parent !== null) find(folders, parent);
  const path = parent ? `${parent}${delimiter}${leaf}` : leaf;
  if (samePath(folders, path)) throw new FolderChangeRefused('exists');
  await withImap(login, null, async (client) => {
    await client.mailboxCreate(path);
    await client.mailboxSubscribe(path).catch(() => undefined);
  });
  return path;
}

/** RENAME a folder in place (its subfolders go with it); returns the new path. */
export async function renameFolder(login: ImapLogin, path: string, name: string): Promise<string> {
  const folders = await readFolders(login);
  const folder = find(folders, path);
  if (isProtected(folder)) throw new FolderChangeRefused('protected');
  const leaf = validFolderName(name, folder.delimiter);
  const target = folder.parent ? `${folder.parent}${folder.delimiter}${leaf}` : leaf;
  if (target === path) return path;
  if (samePath(folders, target) && target.toLowerCase() !== path.toLowerCase()) throw new FolderChangeRefused('exists');
  await withImap(login, null, (client) => client.mailboxRename(path, target));
  return target;
}

/**
 * DELETE a folder of the user's own. Its messages go to Trash first (as
 * deleting them one by one would), so a slip of the hand loses nothing; a
 * folder with subfolders is refused (IMAP would leave them behind).
 */
export async function deleteFolder(login: ImapLogin, path: string): Promise<void> {
  const folders = await readFolders(login);
  const folder = find(folders, path);
  if (isProtected(folder)) throw new FolderChangeRefused('protected');
  if (folders.some((entry) => entry.parent === path)) throw new FolderChangeRefused('hasChildren');
  const trash = folderWithRole(folders, 'trash');
  if (folder.messages > 0 && trash) {
    await withImap(login, path, async (client) => {
      await client.messageMove('1:*', trash);
    });
  }
  await withImap(login, null, (client) => client.mailboxDelete(path));
}
