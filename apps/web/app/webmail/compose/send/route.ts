import { composeContext } from '@/lib/webmail/compose/compose-context.ts';
import { composeInput, type SendResult } from '@/lib/webmail/compose/compose-input.ts';
import { composeRoute, json } from '@/lib/webmail/compose/route-guard.ts';
import { sendComposed } from '@/lib/webmail/compose/send.ts';

export const dynamic = 'force-dynamic';

/**
 * Send. A route handler rather than a server action: a message with a long
 * quoted thread can pass the 1 MB a server action's body may have.
 */
export async function POST(request: Request) {
  return composeRoute(request, async (user) => {
    const parsed = composeInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return json({ status: 'error', problem: { code: 'refused', detail: 'invalid form' } } satisfies SendResult, 400);
    const context = await composeContext(user);
    const result = await sendComposed(user, parsed.data, context);
    return json(result satisfies SendResult);
  });
}
