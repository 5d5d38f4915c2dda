/** Handlers of the TRANSACTION state only: the open maildrop is there (the table allows them nowhere else). */
import type { MaildropView } from '../maildrop-view.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';

export function maildropOf<U extends Pop3User>({ session }: CommandContext<U>): MaildropView {
  if (!session.maildrop) throw new Error('No maildrop open in the TRANSACTION state');
  return session.maildrop;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
