import assert from 'node:assert/strict';
import { test } from 'node:test';
import { negotiateLocale } from './locale.ts';
import { formatSize } from './size.ts';

test('negotiateLocale picks the best of en and de from Accept-Language', () => {
  assert.equal(negotiateLocale('de-DE,de;q=0.9,en;q=0.8'), 'de');
  assert.equal(negotiateLocale('fr-FR, de-AT;q=0.7, en;q=0.5'), 'de');
  assert.equal(negotiateLocale('en-GB, de;q=0.9'), 'en');
  assert.equal(negotiateLocale('de;q=0, en;q=0.1'), 'en');
  assert.equal(negotiateLocale('fr, es'), 'en');
  assert.equal(negotiateLocale(''), 'en');
  assert.equal(negotiateLocale(undefined), 'en');
  assert.equal(negotiateLocale('de;q=garbage, en'), 'en');
});

test('formatSize writes decimals as the locale does', () => {
  assert.equal(formatSize(0), '0 B');
  assert.equal(formatSize(1536), '1.5 KB');
  assert.equal(formatSize(1536, 'de'), '1,5 KB');
  assert.equal(formatSize(1024 ** 3), '1 GB');
  assert.equal(formatSize(5 * 1024 ** 4 + 1), '5.0 TB');
});
