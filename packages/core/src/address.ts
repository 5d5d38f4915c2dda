import { domainToUnicode } from 'node:url';
import { type DomainName, parseDomainName } from './domain-name.ts';
import { ValidationError } from './errors.ts';

/**
 * `local@domain` → its two parts, split at the last `@` (a quoted local part
 * may contain one, RFC 5321 §4.1.2), both as written; null unless both are
 * non-empty. The one place an address is taken apart.
 */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** The domain of an address in lower case; '' when it has none. */
export function domainOfAddress(address: string): string {
  return splitAddress(address)?.domain.toLowerCase() ?? '';
}

/** The local part of an address as written; the whole text when it has no domain. */
export function localPartOf(address: string): string {
  return splitAddress(address)?.local ?? address;
}

/**
 * Local parts of mailboxes and aliases we create: lowercase ASCII letters,
 * digits and inner dots, hyphens, underscores. Stricter than RFC 5321 on
 * purpose: `+` is kept for sub-addressing (info+shop@), and quoted or
 * exotic local parts confuse people and some clients.
 */
const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

export function parseLocalPart(input: string): { ok: true; value: string } | { ok: false; error: string } {
  const value = input.trim().toLowerCase();
  if (value === '') return { ok: false, error: 'Enter the part before the @' };
  if (value.length > 64) return { ok: false, error: 'The part before the @ is at most 64 characters long' };
  if (value.includes('@')) return { ok: false, error: 'Enter only the part before the @' };
  if (value.includes('..')) return { ok: false, error: 'The part before the @ cannot contain two dots in a row' };
  if (!LOCAL_PART.test(value)) {
    return {
      ok: false,
      error: 'Use letters a–z, digits, and inner dots, hyphens or underscores',
    };
  }
  return { ok: true, value };
}

export interface EmailAddress {
  localPart: string;
  domain: DomainName;
  /** local@ascii-domain */
  address: string;
}

/** Splits and validates an address of ours (mailbox or alias), for example `info@example.com`. */
export function parseMailboxAddress(input: string, field = 'address'): EmailAddress {
  const parts = splitAddress(input.trim());
  if (!parts) throw new ValidationError({ [field]: 'Enter a full address, for example info@example.com' });
  const local = parseLocalPart(parts.local);
  if (!local.ok) throw new ValidationError({ [field]: local.error });
  const domain = parseDomainName(parts.domain);
  if (!domain.ok) throw new ValidationError({ [field]: domain.error });
  return { localPart: local.value, domain: domain.value, address: `${local.value}@${domain.value.ascii}` };
}

/**
 * Validates a destination address (alias targets, forwards): any address
 * another server would accept, so the local part follows RFC 5321 dot-atom
 * (with UTF-8 allowed, RFC 6531), not our stricter rule.
 */
export function parseDestinationAddress(input: string, field = 'destinations'): string {
  const trimmed = input.trim();
  const parts = splitAddress(trimmed);
  if (!parts) throw new ValidationError({ [field]: `"${trimmed}" is not a full address` });
  const { local } = parts;
  if (local.length > 64 || !/^[^\s@"(),:;<>[\\\]]+$/.test(local) || /^\.|\.$|\.\./.test(local)) {
    throw new ValidationError({ [field]: `"${trimmed}" has an invalid part before the @` });
  }
  const domain = parseDomainName(parts.domain);
  if (!domain.ok) throw new ValidationError({ [field]: `"${trimmed}": ${domain.error}` });
  return `${local}@${domain.value.ascii}`;
}

/** For display: local@unicode-domain. */
export function formatAddress(localPart: string, domain: DomainName): string {
  return `${localPart}@${domain.unicode}`;
}

/**
 * An address as logged or stored (ASCII, `info@xn--bckerei-mller-…`) as a
 * person reads it: the domain in Unicode. Anything that is no address stays
 * as it is.
 */
export function unicodeAddress(address: string): string {
  const parts = splitAddress(address);
  if (!parts || !parts.domain.includes('xn--')) return address;
  return `${parts.local}@${domainToUnicode(parts.domain) || parts.domain}`;
}
