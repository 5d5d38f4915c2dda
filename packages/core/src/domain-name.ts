import { domainToASCII, domainToUnicode } from 'node:url';
import { ValidationError } from './errors.ts';

export interface DomainName {
  /** ASCII (A-label) form, lowercase: what DNS and SMTP use and what we store. */
  ascii: string;
  /** Unicode (U-label) form for people. */
  unicode: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Validates a domain name typed by a person, in Unicode or ASCII, and
 * returns both forms. Returns an error message instead of throwing so
 * form code can place it next to the field.
 */
export function parseDomainName(input: string): { ok: true; value: DomainName } | { ok: false; error: string } {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '') return { ok: false, error: 'Enter a domain name, for example example.com' };
  if (/[\s@/:]/.test(trimmed)) return { ok: false, error: 'A domain name cannot contain spaces, "@", "/" or ":"' };
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '') return { ok: false, error: `"${trimmed}" is not a valid domain name` };
  if (ascii.length > 253) return { ok: false, error: 'A domain name is at most 253 characters long' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, error: 'Use a full domain name with a dot, for example example.com' };
  for (const label of labels) {
    if (!LABEL.test(label)) {
      return {
        ok: false,
        error: `"${domainToUnicode(label) || label}" is not a valid part of a domain name (letters, digits and inner hyphens, at most 63)`,
      };
    }
  }
  const tld = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(tld)) return { ok: false, error: 'The last part of a domain name cannot be all digits' };
  return { ok: true, value: { ascii, unicode: domainToUnicode(ascii) || ascii } };
}

/** As parseDomainName, throwing a ValidationError on `field`. */
export function normalizeDomainName(input: string, field = 'name'): DomainName {
  const result = parseDomainName(input);
  if (!result.ok) throw new ValidationError({ [field]: result.error });
  return result.value;
}
