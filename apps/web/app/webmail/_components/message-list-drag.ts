/**
 * Dragging messages from the list onto a folder of the tree: the drag
 * carries the messages as MessageSets (and the list's row keys), the tree
 * moves them and tells the list on window, so the rows leave at once.
 */
import type { MessageSet } from '@/lib/webmail/message-actions.ts';

export const DRAG_TYPE = 'application/x-kontor-messages';
export const MOVED_EVENT = 'kontor-webmail-moved';

export interface DraggedMessages {
  sets: MessageSet[];
  keys: string[];
}

export function readDragged(data: DataTransfer): DraggedMessages | null {
  try {
    const parsed = JSON.parse(data.getData(DRAG_TYPE)) as DraggedMessages;
    return Array.isArray(parsed.sets) && Array.isArray(parsed.keys) ? parsed : null;
  } catch {
    return null;
  }
}
