/**
 * The subject of an autoreply: the configured one, followed by the subject
 * it answers, `Out of office (Re: Meeting on Friday)`. Pure, without
 * Node-only imports, so the panel's live preview shows the same line the
 * sender will get.
 */
export function autoReplySubject(configured: string, originalSubject?: string | null): string {
  const original = (originalSubject ?? '').trim();
  return original ? `${configured} (Re: ${original.replace(/^re:\s*/i, '')})` : configured;
}
