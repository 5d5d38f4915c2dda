import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderSlug } from './folder-path.ts';
import { isSearching, parseSearchQuery, searchHref, searchWords } from './search-query.ts';

describe('webmail search query', () => {
  it('reads the URL parameters, dropping days that do not exist', () => {
    const query = parseSearchQuery({ q: '  invoice ', f: folderSlug('Kunden/Müller'), since: '2026-02-30', until: '2026-03-01', att: '1', unread: '0' });
    assert.deepEqual(query, { q: 'invoice', folder: 'Kunden/Müller', since: null, until: '2026-03-01', attachment: true, unread: false });
    assert.equal(parseSearchQuery(new URLSearchParams('f=not*a*slug')).folder, null);
  });

  it('splits words, keeps quoted phrases, and caps their number', () => {
    assert.deepEqual(searchWords('order "Meier GmbH" 42'), ['order', 'Meier GmbH', '42']);
    assert.equal(searchWords('a b c d e f g').length, 5);
    assert.deepEqual(searchWords('   '), []);
  });

  it('searches only when asked for something, and writes the same URL back', () => {
    assert.equal(isSearching(parseSearchQuery({})), false);
    assert.equal(isSearching(parseSearchQuery({ unread: '1' })), true);
    const query = parseSearchQuery({ q: 'quokka', f: folderSlug('INBOX'), att: '1' });
    assert.equal(searchHref(query, { page: 2 }), `/webmail/search?q=quokka&f=${folderSlug('INBOX')}&att=1&page=2`);
  });
});
