import { type DomainName, parseDomainName } from './domain-name.ts';
import { ValidationError } from './errors.ts';

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
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) {
    throw new ValidationError({ [field]: 'Enter a full address, for example info@example.com' });
  }
  const local = parseLocalPart(trimmed.slice(0, at));
  if (!local.ok) throw new ValidationError({ [field]: local.error });
  const domain = parseDomainName(trimmed.slice(at + 1));
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
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) {
    throw new ValidationError({ [field]: `"${trimmed}" is not a full address` });
  }
  const local = trimmed.slice(0, at);
  if (local.length > 64 || !/^[^\s@"(),:;<>[\\\]]+$/.test(local) || /^\.|\.$|\.\./.test(local)) {
    throw new ValidationError({ [field]: `"${trimmed}" has an invalid part before the @` });
  }
  const domain = parseDomainName(trimmed.slice(at + 1));
  if (!domain.ok) throw new ValidationError({ [field]: `"${trimmed}": ${domain.error}` });
  return `${local}@${domain.value.ascii}`;
}

/** For display: local@unicode-domain. */
export function formatAddress(localPart: string, domain: DomainName): string {
  return `${localPart}@${domain.unicode}`;
}
