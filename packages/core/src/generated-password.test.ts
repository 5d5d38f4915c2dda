import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatePassword } from './generated-password.ts';
import { checkPasswordPolicy } from './password-policy.ts';

describe('generatePassword', () => {
  it('is four groups of five unambiguous characters, different every time, and passes the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword('info@example.com');
      assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
      assert.equal(checkPasswordPolicy(password, { address: 'info@example.com' }), null);
      seen.add(password);
    }
    assert.equal(seen.size, 200);
  });
});
