/** Links into the message trace, built in one place so every page agrees on its URLs. */

/** One message's journey: by queue id when it has one, else by Message-ID, else the single log entry. */
export function journeyHref(ref: { queueId?: string | null; messageId?: string | null; id?: bigint | number | string | null }): string | null {
  if (ref.queueId) return `/trace/queue/${encodeURIComponent(ref.queueId)}`;
  if (ref.messageId) return `/trace/message/${encodeURIComponent(ref.messageId)}`;
  if (ref.id !== null && ref.id !== undefined) return `/trace/entry/${String(ref.id)}`;
  return null;
}

/** The trace search for an address, Message-ID or queue id. */
export function traceSearchHref(q: string): string {
  return `/trace?${new URLSearchParams({ q })}`;
}
