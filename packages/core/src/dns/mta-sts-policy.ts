import { createHash } from 'node:crypto';

/** RFC 8461 §5: enforce (refuse delivery without verified TLS), testing (deliver and report), none (the policy is withdrawn). */
export const MTA_STS_MODES = ['none', 'testing', 'enforce'] as const;
export type MtaStsMode = (typeof MTA_STS_MODES)[number];

export function isMtaStsMode(value: unknown): value is MtaStsMode {
  return typeof value === 'string' && (MTA_STS_MODES as readonly string[]).includes(value);
}

export interface MtaStsPolicy {
  /** The policy file as served (RFC 8461 §3.2: `key: value` lines ending in CRLF). */
  text: string;
  /**
   * The `id=` of the `_mta-sts` TXT record: a digest of the text, so it
   * changes exactly when the policy does and senders fetch it again (§3.1).
   */
  id: string;
}

export function mtaStsPolicy(options: { mode: MtaStsMode; mx: string[]; maxAgeSeconds: number }): MtaStsPolicy {
  // §3.2: max_age at most 31557600 (a year).
  const maxAge = Math.min(Math.max(Math.round(options.maxAgeSeconds), 0), 31_557_600);
  const lines = ['version: STSv1', `mode: ${options.mode}`, ...options.mx.map((mx) => `mx: ${mx.toLowerCase().replace(/\.$/, '')}`), `max_age: ${maxAge}`];
  const text = `${lines.join('\r\n')}\r\n`;
  // §3.1: 1 to 32 letters and digits.
  return { text, id: createHash('sha256').update(text).digest('hex').slice(0, 20) };
}
