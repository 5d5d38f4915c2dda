import type { AuthVerdicts } from '../message-auth.ts';
import type { PolicyStep } from '../policy.ts';
import { reject } from '../reply.ts';

/** What happens to a message after DMARC (RFC 7489 §6.3 `p`/`sp`, §6.6.4 `pct`). */
export type DmarcDisposition = 'none' | 'quarantine' | 'reject';

const LOWER: Record<DmarcDisposition, DmarcDisposition> = { reject: 'quarantine', quarantine: 'none', none: 'none' };

/**
 * The policy to apply to one message. Only a DMARC `fail` has one; the
 * policy is the record's `sp` for a subdomain of the organisational domain
 * and `p` otherwise (mailauth has already chosen). `pct` samples: a message
 * outside the sample gets the next lower policy (RFC 7489 §6.6.4), so
 * `pct=0` turns reject into quarantine and quarantine into none. `random`
 * is injected so the sampling can be tested; it returns [0, 1).
 */
export function dmarcDisposition(
  verdicts: Pick<AuthVerdicts, 'dmarc' | 'dmarcFailedPolicy' | 'dmarcPct'>,
  random: () => number = Math.random,
): DmarcDisposition {
  if (verdicts.dmarc !== 'fail') return 'none';
  const policy = verdicts.dmarcFailedPolicy.toLowerCase();
  const disposition: DmarcDisposition = policy === 'reject' || policy === 'quarantine' ? policy : 'none';
  const pct = Math.min(100, Math.max(0, verdicts.dmarcPct ?? 100));
  if (pct < 100 && random() * 100 >= pct) return LOWER[disposition];
  return disposition;
}

export interface DmarcContext {
  verdicts: AuthVerdicts;
  /** DMARC_REJECT_ACTION: refuse p=reject failures, or file them under Junk. */
  rejectAction: 'reject' | 'quarantine';
  random?: () => number;
  /** Set by the step: the folder the message goes to. */
  folder: string;
}

/** The refusal's text, by which the SMTP server tells a DMARC refusal from others (for the aggregate reports). */
export const DMARC_REJECT_TEXT = 'Message rejected by the DMARC policy of the sender domain';

/** DATA: refuse (550 5.7.1) or quarantine (Junk) what the sender domain's DMARC policy says. */
export const dmarcPolicy: PolicyStep<DmarcContext> = {
  name: 'dmarc-policy',
  run(context) {
    const disposition = dmarcDisposition(context.verdicts, context.random);
    if (disposition === 'reject' && context.rejectAction === 'reject') {
      return reject(550, '5.7.1', DMARC_REJECT_TEXT);
    }
    if (disposition !== 'none') context.folder = 'Junk';
    return undefined;
  },
};
