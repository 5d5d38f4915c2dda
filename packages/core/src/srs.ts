import { createHmac, timingSafeEqual } from 'node:crypto';
import { splitAddress } from './address.ts';

/**
 * Sender Rewriting Scheme (the libsrs2/postsrsd format), so that mail we
 * forward passes SPF at the next hop and its bounces come back to us:
 *
 *   alice@example.org  →  SRS0=HHHH=TT=example.org=alice@forwarding.domain
 *   SRS0=HHHH=TT=example.org=alice@other.fwd  →  SRS1=HHHH=other.fwd==HHHH=TT=example.org=alice@forwarding.domain
 *
 * HHHH is an HMAC-SHA1 (secret, case-insensitive) cut to 4 base64 characters,
 * TT the day number (base32, mod 1024); an address older than `maxAgeDays`
 * or with a wrong hash is not ours and is refused.
 */
export interface Srs {
  /** The envelope sender to use when forwarding `sender` from `forwardingDomain`; '' (bounces) stays ''. */
  forward(sender: string, forwardingDomain: string): string;
  /** The address a bounce to an SRS address goes back to, or an error. */
  reverse(address: string): SrsReverse;
}

export type SrsReverse = { ok: true; address: string } | { ok: false; reason: 'not-srs' | 'bad-hash' | 'expired' | 'malformed' };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DAY = 86_400_000;
const TIME_SLOTS = 1024;

export function isSrsAddress(address: string): boolean {
  return /^srs[01][=+-]/i.test(address);
}

export function createSrs(secret: string, options: { maxAgeDays?: number; now?: () => number } = {}): Srs {
  const maxAge = options.maxAgeDays ?? 21;
  const now = options.now ?? Date.now;
  const hash = (...parts: string[]) => createHmac('sha1', secret).update(parts.join('').toLowerCase()).digest('base64').slice(0, 4);
  const hashOk = (given: string, ...parts: string[]) => {
    const expected = Buffer.from(hash(...parts).toLowerCase());
    const actual = Buffer.from(given.toLowerCase());
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };
  const timestamp = () => {
    const day = Math.floor(now() / DAY) % TIME_SLOTS;
    return BASE32[day >> 5]! + BASE32[day & 31]!;
  };
  const timestampAge = (tt: string): number | null => {
    if (tt.length !== 2) return null;
    const hi = BASE32.indexOf(tt[0]!.toUpperCase());
    const lo = BASE32.indexOf(tt[1]!.toUpperCase());
    if (hi < 0 || lo < 0) return null;
    const then = (hi << 5) | lo;
    const today = Math.floor(now() / DAY) % TIME_SLOTS;
    return (today - then + TIME_SLOTS) % TIME_SLOTS;
  };
  return {
    forward(sender, forwardingDomain) {
      if (!sender) return '';
      const parts = splitAddress(sender);
      if (!parts) return sender;
      if (parts.domain.toLowerCase() === forwardingDomain.toLowerCase()) return sender;
      const srs0 = /^srs0[=+-](.*)$/i.exec(parts.local);
      if (srs0) {
        // Already rewritten by another forwarder: point back at that forwarder (SRS1).
        const rest = `=${srs0[1]}`;
        return `SRS1=${hash(parts.domain, rest)}=${parts.domain}=${rest}@${forwardingDomain}`;
      }
      const srs1 = /^srs1[=+-][^=]+=([^=]+)==?(.*)$/i.exec(parts.local);
      if (srs1) {
        const [, firstHop = '', rest = ''] = srs1;
        return `SRS1=${hash(firstHop, `=${rest}`)}=${firstHop}==${rest}@${forwardingDomain}`;
      }
      const tt = timestamp();
      return `SRS0=${hash(tt, parts.domain, parts.local)}=${tt}=${parts.domain}=${parts.local}@${forwardingDomain}`;
    },

    reverse(address) {
      const parts = splitAddress(address);
      if (!parts || !isSrsAddress(parts.local)) return { ok: false, reason: 'not-srs' };
      const srs1 = /^srs1[=+-]([^=]+)=([^=]+)==?(.*)$/i.exec(parts.local);
      if (srs1) {
        const [, given = '', firstHop = '', rest = ''] = srs1;
        if (!hashOk(given, firstHop, `=${rest}`)) return { ok: false, reason: 'bad-hash' };
        return { ok: true, address: `SRS0=${rest}@${firstHop}` };
      }
      const srs0 = /^srs0[=+-]([^=]+)=([^=]+)=([^=]+)=(.+)$/i.exec(parts.local);
      if (!srs0) return { ok: false, reason: 'malformed' };
      const [, given = '', tt = '', domain = '', local = ''] = srs0;
      if (!hashOk(given, tt, domain, local)) return { ok: false, reason: 'bad-hash' };
      const age = timestampAge(tt);
      if (age === null) return { ok: false, reason: 'malformed' };
      if (age > maxAge) return { ok: false, reason: 'expired' };
      return { ok: true, address: `${local}@${domain}` };
    },
  };
}
