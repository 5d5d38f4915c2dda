import type { SmtpReply } from './reply.ts';

/**
 * Inbound policy as small ordered steps (Haraka's hooks): each looks at the
 * transaction so far and returns a reply to send (reject or defer) or
 * nothing to let the next step decide. The server runs the steps of a phase
 * in order and stops at the first reply.
 */
export type Verdict = SmtpReply | undefined;

export interface PolicyStep<Context> {
  name: string;
  run(context: Context): Promise<Verdict> | Verdict;
}

export async function runSteps<Context>(steps: ReadonlyArray<PolicyStep<Context>>, context: Context): Promise<Verdict> {
  for (const step of steps) {
    const verdict = await step.run(context);
    if (verdict) return Object.assign(verdict, { step: verdict.step ?? step.name });
  }
  return undefined;
}
