import { redirect } from 'next/navigation';
import { folderHref } from '@/lib/webmail/folder-path.ts';

/** Webmail opens on the inbox. */
export default function WebmailHome(): never {
  redirect(folderHref('INBOX'));
}
