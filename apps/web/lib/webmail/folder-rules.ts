/**
 * Which folders the user may rename or delete. Special folders (and
 * INBOX) keep their names: mail apps find them by them. Shared by the
 * tree's menu and the folder actions.
 */
export function isProtected(folder: { role: string | null; path: string }): boolean {
  return folder.role !== null || folder.path.toUpperCase() === 'INBOX';
}
