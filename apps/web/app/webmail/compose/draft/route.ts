import { z } from 'zod';
import { composeContext } from '@/lib/webmail/compose/compose-context.ts';
import { composeInput, type DraftResult, ID_PATTERN } from '@/lib/webmail/compose/compose-input.ts';
import { DraftAttachmentsGoneError, deleteDrafts, saveDraft } from '@/lib/webmail/compose/drafts.ts';
import { composeRoute, json } from '@/lib/webmail/compose/route-guard.ts';
import { removeCompose } from '@/lib/webmail/compose/uploads.ts';

export const dynamic = 'force-dynamic';

/** Autosave (and the save when the page is left): the form as the newest draft in Drafts. */
export async function POST(request: Request) {
  return composeRoute(request, async (user) => {
    const parsed = composeInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return json({ status: 'error', problem: 'invalid' } satisfies DraftResult, 400);
    const context = await composeContext(user);
    try {
      const uid = await saveDraft(user, parsed.data, { draftsPath: context.draftsPath, identities: context.identities });
      return json({ status: 'saved', uid, savedAt: new Date().toISOString() } satisfies DraftResult);
    } catch (error) {
      if (error instanceof DraftAttachmentsGoneError) return json({ status: 'error', problem: 'invalid' } satisfies DraftResult, 409);
      throw error;
    }
  });
}

const discardInput = z.object({
  composeId: z.string().regex(ID_PATTERN),
  draftKey: z.string().regex(ID_PATTERN),
  draftUid: z.number().int().positive().nullable(),
});

/** Discard: the draft versions and the compose session's files go. */
export async function DELETE(request: Request) {
  return composeRoute(request, async (user) => {
    const parsed = discardInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return json({ status: 'error', problem: 'invalid' }, 400);
    const { draftsPath } = await composeContext(user);
    await deleteDrafts(user.imap, draftsPath, { draftKey: parsed.data.draftKey, draftUid: parsed.data.draftUid });
    await removeCompose({ sessionId: user.sessionId, composeId: parsed.data.composeId });
    return json({ status: 'discarded' });
  });
}
