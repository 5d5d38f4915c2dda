import { randomInt } from 'node:crypto';
import { checkPasswordPolicy } from './password-policy.ts';

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A password an administrator hands to a person: four groups of five
 * characters (about 115 bits from crypto's CSPRNG), readable over the
 * phone, and always one the password policy accepts for `address`.
 */
export function generatePassword(address?: string): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
    const password = groups.join('-');
    if (!checkPasswordPolicy(password, { address })) return password;
  }
}
