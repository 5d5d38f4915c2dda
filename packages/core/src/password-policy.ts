/**
 * What a password must be. Length over composition (NIST SP 800-63B):
 * long enough, not trivially guessable, not the address itself.
 */
import { localPartOf } from './address.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  '123456789',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'administrator',
  'changeme123',
  'trustno1234',
  '1q2w3e4r5t',
  'abcdefghij',
  'abc1234567',
  'football12',
  'baseball12',
  'sunshine12',
  'princess12',
  'dragon1234',
  'monkey1234',
  'master1234',
  'superman12',
  'starwars12',
  'passwort123',
  'hallo12345',
]);

/** Returns why the password is refused, or null when it is acceptable. */
export function checkPasswordPolicy(password: string, context: { address?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  if (/^\s|\s$/.test(password)) return 'A password cannot start or end with a space';
  if (new Set(password).size < 4) return 'Use more different characters';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'This password is too common';
  if (/^(?:0123456789|1234567890|abcdefghij|qwertyuiop)/.test(lower)) return 'This password is too easy to guess';
  if (context.address) {
    const local = localPartOf(context.address).toLowerCase();
    if (lower.includes(context.address.toLowerCase()) || (local.length >= 4 && lower.includes(local))) {
      return 'A password cannot contain the address';
    }
  }
  return null;
}
