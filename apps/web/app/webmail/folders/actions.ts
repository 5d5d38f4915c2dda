'use server';

import { z } from 'zod';
import { createFolder, deleteFolder, type FolderChangeError, FolderChangeRefused, renameFolder } from '@/lib/webmail/folders.ts';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

export type FolderActionResult = { ok: true; path: string | null } | { ok: false; error: FolderChangeError | 'unavailable' | 'invalid' };

const path = z.string().min(1).max(1000);
const name = z.string().max(300);

/** Runs a folder change on the signed-in user's own connection, mapping refusals to what the tree shows. */
async function change(run: () => Promise<string | null>, refused: FolderChangeError = 'notFound'): Promise<FolderActionResult> {
  try {
    return { ok: true, path: await run() };
  } catch (error) {
    if (error instanceof FolderChangeRefused) return { ok: false, error: error.reason };
    const failure = imapFailure(error);
    // The server refused: a name it does not take, or a folder that changed meanwhile.
    if (failure === 'notFound') return { ok: false, error: refused };
    if (failure) return { ok: false, error: failure };
    throw error;
  }
}

export async function createFolderAction(input: { parent: string | null; name: string }): Promise<FolderActionResult> {
  const user = await requireMailUser();
  const parsed = z.object({ parent: path.nullable(), name }).safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  return change(() => createFolder(user.imap, parsed.data.parent, parsed.data.name), 'invalidName');
}

export async function renameFolderAction(input: { path: string; name: string }): Promise<FolderActionResult> {
  const user = await requireMailUser();
  const parsed = z.object({ path, name }).safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  return change(() => renameFolder(user.imap, parsed.data.path, parsed.data.name));
}

export async function deleteFolderAction(input: { path: string }): Promise<FolderActionResult> {
  const user = await requireMailUser();
  const parsed = z.object({ path }).safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  return change(async () => {
    await deleteFolder(user.imap, parsed.data.path);
    return null;
  });
}
