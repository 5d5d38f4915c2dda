// createTlsaLookup against real DNSSEC: knotd signs one zone, unbound
// validates it; TLSA counts only with the validating resolver's AD bit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTlsaLookup } from './dane.ts';
import { type KnotServer, startKnot, startUnbound, type UnboundServer } from './knot-server.ts';

let knot: KnotServer;
let unbound: UnboundServer;
const KEY = 'ab'.repeat(32);
// Ten full certificates' worth: more than the 1232 octets of a UDP answer, so the reply is truncated and asked again over TCP.
const BIG = Array.from({ length: 10 }, (_, i) => `_25._tcp.big.signed.test. IN TLSA 3 0 0 ${i.toString(16).padStart(2, '0').repeat(300)}`);

before(async () => {
  knot = await startKnot(
    {
      'signed.test': [
        'mx.signed.test. IN A 127.0.0.2',
        `_25._tcp.mx.signed.test. IN TLSA 3 1 1 ${KEY}`,
        'big.signed.test. IN A 127.0.0.2',
        ...BIG,
        // MX hosts that are aliases (RFC 7672 §2.2.3): TLSA at the chain's target, or else at the alias itself.
        'alias.signed.test. IN CNAME mx.signed.test.',
        'alias2.signed.test. IN CNAME plain.signed.test.',
        'plain.signed.test. IN A 127.0.0.4',
        `_25._tcp.alias2.signed.test. IN TLSA 3 1 1 ${'cd'.repeat(32)}`,
      ],
      'unsigned.test': ['mx.unsigned.test. IN A 127.0.0.3', `_25._tcp.mx.unsigned.test. IN TLSA 3 1 1 ${KEY}`],
    },
    { signed: ['signed.test'] },
  );
  unbound = await startUnbound({ authority: knot.server, zones: ['signed.test', 'unsigned.test'], trustAnchors: await knot.dnskeys('signed.test') });
});
after(async () => {
  await unbound?.stop();
  await knot?.stop();
});

describe('createTlsaLookup (RFC 7672 §2.2)', () => {
  it('returns the records of a signed zone that the resolver validated', async () => {
    const lookup = createTlsaLookup({ servers: [unbound.server], timeoutMs: 2000 });
    assert.deepEqual(await lookup('mx.signed.test'), {
      kind: 'records',
      name: '_25._tcp.mx.signed.test',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: KEY }],
      hostNames: ['mx.signed.test'],
    });
  });

  it('follows a validated CNAME: TLSA of the target first, else of the alias; both names count for the certificate', async () => {
    const lookup = createTlsaLookup({ servers: [unbound.server], timeoutMs: 2000 });
    assert.deepEqual(await lookup('alias.signed.test'), {
      kind: 'records',
      name: '_25._tcp.mx.signed.test',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: KEY }],
      hostNames: ['mx.signed.test', 'alias.signed.test'],
    });
    assert.deepEqual(await lookup('alias2.signed.test'), {
      kind: 'records',
      name: '_25._tcp.alias2.signed.test',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: 'cd'.repeat(32) }],
      hostNames: ['plain.signed.test', 'alias2.signed.test'],
    });
  });

  it('ignores the records of an unsigned zone, and of any answer without AD (a resolver that does not validate)', async () => {
    const validating = createTlsaLookup({ servers: [unbound.server], timeoutMs: 2000 });
    assert.deepEqual(await validating('mx.unsigned.test'), { kind: 'none', name: '_25._tcp.mx.unsigned.test', reason: 'unauthenticated' });
    // knotd itself is authoritative, not validating: it never sets AD.
    const direct = createTlsaLookup({ servers: [knot.server], timeoutMs: 2000 });
    assert.deepEqual(await direct('mx.signed.test'), { kind: 'none', name: '_25._tcp.mx.signed.test', reason: 'unauthenticated' });
  });

  it('says not-found for a host without TLSA in a signed zone (validated denial)', async () => {
    const lookup = createTlsaLookup({ servers: [unbound.server], timeoutMs: 2000 });
    assert.deepEqual(await lookup('nothing.signed.test'), { kind: 'none', name: '_25._tcp.nothing.signed.test', reason: 'not-found' });
  });

  it('reads an RRset too big for UDP over TCP', async () => {
    const found = await createTlsaLookup({ servers: [unbound.server], timeoutMs: 2000 })('big.signed.test');
    assert.equal(found.kind, 'records');
    assert.equal(found.kind === 'records' && found.records.length, 10);
  });

  it('fails (the host must not be used now) when the resolver does not answer, but only for a host that validates', async () => {
    const dead = createTlsaLookup({ servers: ['127.0.0.1:9'], timeoutMs: 300 });
    // Nothing answers, so the host's address cannot be shown to be signed either: as without DANE.
    assert.deepEqual(await dead('mx.signed.test'), { kind: 'none', name: '_25._tcp.mx.signed.test', reason: 'unauthenticated' });
  });
});
