import type { Readable } from 'node:stream';
import { type DKIMSignOptions, type DKIMSignResult, dkimSign } from 'mailauth';

/**
 * What mailauth's DKIM signer really reads: shared settings and one entry
 * per signature in `signatureData`. Its declared DKIMSignOptions (4.13)
 * also demands a top-level domain, selector and key, which the signer
 * ignores once `signatureData` is given.
 */
export type DkimSignRequest = Omit<DKIMSignOptions, 'signingDomain' | 'selector' | 'privateKey' | 'signatureData'> & {
  signatureData: DKIMSignOptions[];
};

/** mailauth's dkimSign with the request typed as the signer reads it. */
export function signDkim(message: Readable | Buffer | string, request: DkimSignRequest): Promise<DKIMSignResult> {
  return dkimSign(message, request as DKIMSignOptions);
}
