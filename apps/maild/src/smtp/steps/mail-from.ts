import { parseDomainName, splitAddress } from '@kontor/core';
import type { PolicyStep } from '../policy.ts';
import { reject } from '../reply.ts';

export interface MailFromContext {
  address: string;
  declaredSize: number;
  maxSize: number;
}

/** The null sender is fine (bounces); anything else must be local@domain. */
export const mailFromSyntax: PolicyStep<MailFromContext> = {
  name: 'mail-from-syntax',
  run({ address }) {
    if (address === '') return undefined;
    const parts = splitAddress(address);
    if (!parts || /[\s<>()[\]\\,;:"]/.test(parts.local) || parts.local.length > 64) {
      return reject(553, '5.1.7', 'Bad sender address syntax');
    }
    const { domain } = parts;
    if (!/^\[.+\]$/.test(domain) && !parseDomainName(domain).ok) return reject(553, '5.1.7', 'Bad sender address syntax');
    return undefined;
  },
};

/** SIZE= larger than we accept is refused before any data is sent (RFC 1870). */
export const declaredSizeLimit: PolicyStep<MailFromContext> = {
  name: 'declared-size',
  run({ declaredSize, maxSize }) {
    if (declaredSize > maxSize) return reject(552, '5.3.4', `Message size exceeds the fixed limit of ${maxSize} bytes`);
    return undefined;
  },
};
