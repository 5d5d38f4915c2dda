import 'server-only';
import { folderWithRole, listFolders } from '../folders.ts';
import type { MailUser } from '../mail-session.ts';
import { type SenderSetup, senderSetup } from './identities.ts';

export interface ComposeContext extends SenderSetup {
  draftsPath: string;
  sentPath: string;
}

/**
 * What every compose request needs, read from the server (never from the
 * form): the user's identities and signatures, and where drafts and sent
 * copies go (the special-use folders; maild creates them as Drafts and Sent).
 */
export async function composeContext(user: MailUser): Promise<ComposeContext> {
  const [folders, setup] = await Promise.all([listFolders(user.imap), senderSetup(user)]);
  return { ...setup, draftsPath: folderWithRole(folders, 'drafts') ?? 'Drafts', sentPath: folderWithRole(folders, 'sent') ?? 'Sent' };
}
