/**
 * The loopback addresses ALLOW_PLAINTEXT_AUTH_LOOPBACK trusts: 127.0.0.1
 * and ::1 exactly (with the IPv4-mapped form a dual-stack socket reports),
 * as documented. The rest of 127.0.0.0/8 is not included: nothing on this
 * machine needs it, and an address that is not the documented one should
 * not be able to send passwords in the clear.
 */
export function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
