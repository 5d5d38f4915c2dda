/**
 * One ACME order (RFC 8555 section 7.4) with acme-client: an account at the
 * CA (made on first use, then reused), a new key and CSR for the names,
 * HTTP-01 for each name (the web app answers the challenges from the
 * database, RFC 8555 section 8.3), and the issued chain.
 */
import { X509Certificate } from 'node:crypto';
import type { DkimKeyring, Logger } from '@kontor/core';
import { acmeChallengeAnswer, type Db, findAcmeAccount, putAcmeChallenge, removeAcmeChallenge, saveAcmeAccount, setAcmeAccountUrl } from '@kontor/db';
import * as acme from 'acme-client';

export interface IssuerOptions {
  db: Db;
  keyring: DkimKeyring;
  directoryUrl: string;
  email: string;
  log: Logger;
}

export interface Issued {
  certPem: string;
  keyPem: string;
  serial: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
}

/** What the issuer needs of the CA; the certificate job takes any (the tests use pebble, a real ACME server). */
export type IssueCertificate = (names: readonly string[]) => Promise<Issued>;

export function createAcmeIssuer(options: IssuerOptions): IssueCertificate {
  const { log } = options;
  acme.setLogger((message) => log.debug({ acme: message }, 'acme-client'));
  return async (names) => {
    try {
      return await order(options, names);
    } catch (error) {
      // acme-client retries network errors (5 times, 75 s in all) and then fails reading the missing response.
      if (error instanceof TypeError && /reading 'config'/.test(error.message)) {
        throw new Error(`The CA at ${options.directoryUrl} did not answer (${await probe(options.directoryUrl)})`);
      }
      throw error;
    }
  };
}

async function order(options: IssuerOptions, names: readonly string[]): Promise<Issued> {
  const { db } = options;
  const client = await accountClient(options);
  const [key, csr] = await acme.crypto.createCsr({ commonName: names[0], altNames: [...names], keySize: 2048 });
  const chain = await client.auto({
    csr,
    email: options.email,
    termsOfServiceAgreed: true,
    challengePriority: ['http-01'],
    // acme-client's own pre-check fetches the token through this host's resolver and port 80, which a server
    // behind NAT or a split-horizon DNS cannot do; the CA's validation is the one that counts.
    skipChallengeVerification: true,
    challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
      if (challenge.type !== 'http-01') throw new Error(`challenge type ${challenge.type} is not offered by Kontor`);
      await putAcmeChallenge(db, challenge.token, keyAuthorization);
      // The row must be readable before the CA is told to look (no replica lag here: same primary).
      if ((await acmeChallengeAnswer(db, challenge.token)) !== keyAuthorization) throw new Error('challenge not stored');
    },
    challengeRemoveFn: async (_authz, challenge) => {
      await removeAcmeChallenge(db, challenge.token);
    },
  });
  // Known from now on: later orders skip the account lookup.
  await setAcmeAccountUrl(db, options.directoryUrl, client.getAccountUrl());
  const leaf = new X509Certificate(chain);
  return {
    certPem: chain,
    keyPem: key.toString(),
    serial: leaf.serialNumber,
    issuer: issuerName(leaf.issuer),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
  };
}

/** Why a URL does not answer, in a word: `ECONNREFUSED`, `ENOTFOUND`, `HTTP 503`. */
async function probe(url: string): Promise<string> {
  return fetch(url, { signal: AbortSignal.timeout(10_000) }).then(
    (response) => `HTTP ${response.status}`,
    (error: unknown) => {
      const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
      return cause?.code ?? (error instanceof Error ? error.message : String(error));
    },
  );
}

/** The CA's client with this installation's account; the account key is made once and kept encrypted. */
async function accountClient(options: IssuerOptions): Promise<acme.Client> {
  const { db, keyring, directoryUrl, email } = options;
  let account = await findAcmeAccount(db, directoryUrl);
  if (!account) {
    const accountKey = await acme.crypto.createPrivateKey(2048);
    account = await saveAcmeAccount(db, { directoryUrl, email, keyEncrypted: keyring.encrypt(accountKey.toString()), accountUrl: null });
  }
  return new acme.Client({
    directoryUrl,
    accountKey: keyring.decrypt(account.keyEncrypted),
    ...(account.accountUrl ? { accountUrl: account.accountUrl } : {}),
  });
}

/** `CN=Pebble Intermediate CA 3ac7ee` or `C=US\nO=Let's Encrypt\nCN=R11` → the CN (else the whole name on one line). */
function issuerName(distinguishedName: string): string {
  const cn = distinguishedName.split('\n').find((part) => part.startsWith('CN='));
  return cn ? cn.slice(3) : distinguishedName.replace(/\n/g, ', ');
}
