import 'server-only';
import { type FolderRole, folderWithRole, type MailFolder, readFolders } from './folders.ts';
import { type ImapLogin, withImap } from './imap-pool.ts';
import { compactSet } from './sequence-set.ts';

/**
 * What the list's toolbar, its keyboard shortcuts and drag-and-drop do to
 * messages, as IMAP: STORE for flags, MOVE (RFC 6851) between folders,
 * STORE \Deleted + UID EXPUNGE (RFC 4315) in Trash. Each call works on the
 * signed-in user's own connection, so a folder name or UID from another
 * account only ever names something in this one.
 */
export const MESSAGE_ACTIONS = ['read', 'unread', 'flag', 'unflag', 'delete', 'archive', 'junk', 'notJunk', 'move'] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

export interface MessageSet {
  path: string;
  uids: number[];
}

export class MessageActionRefused extends Error {
  constructor(readonly reason: 'noFolder' | 'notFound' | 'noTarget') {
    super(`Message action refused: ${reason}`);
  }
}

/** RFC 5788 keywords mail filters and other clients read (Thunderbird's junk controls use the same). */
const JUNK = '$Junk';
const NOT_JUNK = '$NotJunk';

function roleOf(folders: MailFolder[], path: string): FolderRole {
  return folders.find((folder) => folder.path === path)?.role ?? null;
}

function requireRole(folders: MailFolder[], role: FolderRole): string {
  const path = folderWithRole(folders, role);
  if (!path) throw new MessageActionRefused('noFolder');
  return path;
}

async function store(login: ImapLogin, set: MessageSet, add: string[], remove: string[]): Promise<void> {
  await withImap(login, set.path, async (client) => {
    const range = compactSet(set.uids);
    if (add.length > 0) await client.messageFlagsAdd(range, add, { uid: true });
    if (remove.length > 0) await client.messageFlagsRemove(range, remove, { uid: true });
  });
}

async function move(login: ImapLogin, set: MessageSet, target: string): Promise<void> {
  if (target === set.path) return;
  await withImap(login, set.path, async (client) => {
    await client.messageMove(compactSet(set.uids), target, { uid: true });
  });
}

/** To Trash; in Trash itself deleting expunges for good (what every mail app does). */
async function remove(login: ImapLogin, folders: MailFolder[], set: MessageSet): Promise<void> {
  const role = roleOf(folders, set.path);
  if (role === 'trash') {
    await withImap(login, set.path, async (client) => {
      await client.messageDelete(compactSet(set.uids), { uid: true });
    });
    return;
  }
  await move(login, set, requireRole(folders, 'trash'));
}

async function applyOne(login: ImapLogin, folders: MailFolder[], action: MessageAction, set: MessageSet, target: string | null): Promise<void> {
  switch (action) {
    case 'read':
      return store(login, set, ['\\Seen'], []);
    case 'unread':
      return store(login, set, [], ['\\Seen']);
    case 'flag':
      return store(login, set, ['\\Flagged'], []);
    case 'unflag':
      return store(login, set, [], ['\\Flagged']);
    case 'delete':
      return remove(login, folders, set);
    case 'archive':
      return move(login, set, requireRole(folders, 'archive'));
    case 'junk':
      // The keywords first, so they travel with the message to Junk.
      await store(login, set, [JUNK], [NOT_JUNK]);
      return move(login, set, requireRole(folders, 'junk'));
    case 'notJunk':
      await store(login, set, [NOT_JUNK], [JUNK]);
      return roleOf(folders, set.path) === 'junk' ? move(login, set, requireRole(folders, 'inbox')) : undefined;
    case 'move':
      if (!target || !folders.some((folder) => folder.path === target && folder.selectable)) throw new MessageActionRefused('noTarget');
      return move(login, set, target);
  }
}

/** Applies `action` to each folder's messages; the folders are the user's own (LIST), checked before anything changes. */
export async function applyMessageAction(login: ImapLogin, action: MessageAction, sets: MessageSet[], target: string | null = null): Promise<number> {
  const folders = await readFolders(login);
  const wanted = sets.filter((set) => set.uids.length > 0);
  for (const set of wanted) if (!folders.some((folder) => folder.path === set.path)) throw new MessageActionRefused('notFound');
  for (const set of wanted) await applyOne(login, folders, action, set, target);
  return wanted.reduce((sum, set) => sum + set.uids.length, 0);
}
