import type { Readable } from 'node:stream';
import type { Db, DkimOptions } from '@kontor/db';
import { dkimSigningKey } from '@kontor/db';
import { signDkim } from './dkim-sign.ts';

/**
 * DKIM signatures for outgoing mail, relaxed/relaxed, with the sender
 * domain's active pair (decrypted once a minute at most): rsa-sha256 and
 * ed25519-sha256 (RFC 8463 §3: a receiver verifies what it can, and one
 * good signature is enough). The RSA signature is the topmost field, for
 * verifiers that look at the first signature only. h= covers
 * the fields present among From, Sender, Reply-To, Subject, Date,
 * Message-ID, To, Cc, MIME-Version, Content-Type, Content-Transfer-Encoding,
 * In-Reply-To, References and the List-* fields (mailauth's default list).
 */
export class DkimSigner {
  private readonly cache = new Map<string, { until: number; key: Promise<Awaited<ReturnType<typeof dkimSigningKey>>> }>();

  constructor(
    private readonly db: Db,
    private readonly options: DkimOptions,
  ) {}

  private keyFor(domain: string) {
    const hit = this.cache.get(domain);
    if (hit && hit.until > Date.now()) return hit.key;
    const key = dkimSigningKey(this.db, domain, this.options);
    this.cache.set(domain, { until: Date.now() + 60_000, key });
    key.catch(() => this.cache.delete(domain));
    return key;
  }

  /** The `DKIM-Signature:` fields (CRLF-terminated) to put on top of the message, or '' when the domain is not ours. `selector` is the RSA key's. */
  async signature(domain: string, message: Readable): Promise<{ header: string; selector?: string }> {
    const key = await this.keyFor(domain.toLowerCase());
    if (!key) {
      message.resume();
      return { header: '' };
    }
    const result = await signDkim(message, {
      canonicalization: 'relaxed/relaxed',
      signTime: new Date(),
      signatureData: key.keys.map((k) => ({
        signingDomain: key.domain,
        selector: k.selector,
        privateKey: k.privateKeyPem,
        algorithm: k.algorithm,
        canonicalization: 'relaxed/relaxed',
      })),
    });
    if (result.errors?.length) throw result.errors[0];
    return { header: result.signatures, selector: key.selector };
  }
}
