import { TemporarilyUnavailableError } from '@kontor/core';
import { listFolders, type MailFolder } from '@/lib/webmail/folders.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { MessageToolbarButtons } from './message-toolbar-buttons.tsx';

/**
 * The open message's actions, for the reading pane's header: Reply,
 * Reply all, Forward (links to compose), Move to…, Delete, Junk or Not
 * junk, Mark read/unread, Flag/Unflag. `flags` are the message's IMAP
 * flags as fetched with it (e.g. ['\\Seen', '\\Flagged']).
 */
export async function MessageToolbar({ path, uid, flags }: { path: string; uid: number; flags: string[] }) {
  const user = await requireMailUser();
  let folders: MailFolder[] = [];
  try {
    folders = await listFolders(user.imap);
  } catch (error) {
    // Without the folder list the toolbar still replies and flags; Move and Delete then say what is missing.
    if (!(error instanceof TemporarilyUnavailableError)) throw error;
  }
  return <MessageToolbarButtons path={path} uid={uid} flags={flags} folders={folders} />;
}
