/** Badge colours of the trace: green arrived, blue on its way, amber waiting, red refused or failed. */
export function statusTone(status: string | null) {
  if (status === 'accepted' || status === 'delivered') return 'green' as const;
  if (status === 'forwarded' || status === 'queued' || status === null) return 'blue' as const;
  if (status === 'deferred') return 'amber' as const;
  if (status === 'rejected' || status === 'bounced' || status === 'failed') return 'red' as const;
  return 'gray' as const;
}

/** SPF, DKIM, DMARC and ARC results (RFC 8601 result names). */
export function verdictTone(result: string | null) {
  if (result === 'pass') return 'green' as const;
  if (result === 'fail' || result === 'softfail' || result === 'permerror') return 'red' as const;
  if (result === 'temperror') return 'amber' as const;
  return 'gray' as const;
}
