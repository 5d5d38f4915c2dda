import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DNS_ISSUE_TEXTS, DNS_RECORD_PURPOSES, DNS_WARNING_TEXTS } from '@kontor/core/dns';
import { dnsCheck } from '../messages/dns-check.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

describe('the DNS check’s words', () => {
  it('has every finding and warning of the check in English and German, with the same placeholders', () => {
    for (const [code, { en }] of Object.entries(DNS_ISSUE_TEXTS)) {
      for (const language of ['en', 'de'] as const) {
        const text = (dnsCheck[language].issues as Record<string, string>)[code];
        assert.ok(text, `${language} issues.${code}`);
        assert.deepEqual(placeholders(text), placeholders(en), `${language} issues.${code}`);
      }
    }
    for (const [code, en] of Object.entries(DNS_WARNING_TEXTS)) {
      for (const language of ['en', 'de'] as const) {
        const text = (dnsCheck[language].warnings as Record<string, string>)[code];
        assert.ok(text, `${language} warnings.${code}`);
        assert.deepEqual(placeholders(text), placeholders(en), `${language} warnings.${code}`);
      }
    }
    assert.deepEqual(Object.keys(dnsCheck.en.issues).sort(), Object.keys(DNS_ISSUE_TEXTS).sort(), 'no stale finding');
  });

  it('names the purpose of every kind of record', () => {
    for (const purpose of DNS_RECORD_PURPOSES) {
      const key = purpose.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      assert.ok((dnsCheck.en.purposes as Record<string, string>)[key], purpose);
      assert.ok((dnsCheck.de.purposes as Record<string, string>)[key], purpose);
    }
  });
});
