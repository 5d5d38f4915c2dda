import { isIP } from 'node:net';
import { isLoopback } from '@kontor/core';
import type { PolicyStep } from '../policy.ts';
import { reject } from '../reply.ts';

export interface HeloContext {
  helo: string;
  remoteAddress: string;
  ourHostname: string;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?)*\.?$/i;

/**
 * HELO sanity, checked when the transaction starts (smtp-server has no
 * HELO hook). Lenient where real senders are sloppy (single labels,
 * underscores), strict where only a forger would go: garbage, or claiming
 * to be this server from outside.
 */
export const heloSanity: PolicyStep<HeloContext> = {
  name: 'helo-sanity',
  run({ helo, remoteAddress, ourHostname }) {
    const name = helo.trim();
    const literal = /^\[(?:ipv6:)?([^\]]+)\]$/i.exec(name);
    if (!name || (literal ? !isIP(literal[1]!) : !HOSTNAME.test(name))) {
      return reject(501, '5.5.2', 'Syntax error in HELO/EHLO hostname');
    }
    if (!isLoopback(remoteAddress) && name.toLowerCase().replace(/\.$/, '') === ourHostname.toLowerCase() && ourHostname !== 'localhost') {
      return reject(550, '5.7.1', 'You are not me: HELO with my own name refused');
    }
    return undefined;
  },
};
