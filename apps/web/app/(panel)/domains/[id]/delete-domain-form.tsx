'use client';

import { useActionState, useState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { deleteDomainAction } from '../actions.ts';

/**
 * Step one asks the server: a domain with mailboxes or aliases answers with
 * exactly what would go, and only "Delete everything" (confirm=yes) removes
 * it. An empty domain is confirmed here before it is sent.
 */
export function DeleteDomainForm({ domainId, domainName, empty }: { domainId: number; domainName: string; empty: boolean }) {
  const [state, action] = useActionState(deleteDomainAction.bind(null, domainId), initialFormState);
  const [armed, setArmed] = useState(false);
  const hydrated = useHydrated();
  const [dismissed, setDismissed] = useState<typeof state | null>(null);
  const confirming = state.status === 'confirm' && dismissed !== state;

  if (confirming) {
    return (
      <form action={action} aria-label="Confirm domain deletion" className="rounded-lg border border-red-200 bg-red-50 p-4">
        <input type="hidden" name="confirm" value="yes" />
        <h3 className="text-sm font-semibold text-red-800">Delete {domainName} and everything in it?</h3>
        <p className="mt-1 text-sm text-red-800">This cannot be undone. These go with it:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-red-900" data-testid="delete-consequences">
          {(state.consequences ?? []).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="mt-4 flex flex-wrap gap-2">
          <SubmitButton variant="danger" pendingText="Deleting…">
            Delete everything
          </SubmitButton>
          <button type="button" className={buttonClass.secondary} onClick={() => setDismissed(state)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  if (empty && armed) {
    return (
      <form action={action} aria-label="Confirm domain deletion" className="rounded-lg border border-red-200 bg-red-50 p-4">
        <input type="hidden" name="confirm" value="yes" />
        <h3 className="text-sm font-semibold text-red-800">Delete {domainName}?</h3>
        <p className="mt-1 text-sm text-red-800">It has no mailboxes or aliases. Mail for it will no longer be accepted.</p>
        <div className="mt-4 flex flex-wrap gap-2">
          <SubmitButton variant="danger" pendingText="Deleting…">
            Delete domain
          </SubmitButton>
          <button type="button" className={buttonClass.secondary} onClick={() => setArmed(false)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  return (
    <form action={action} aria-label="Delete domain">
      <FormMessage state={state.status === 'confirm' ? initialFormState : state} />
      {empty ? (
        <button type="button" className={buttonClass.danger} disabled={!hydrated} onClick={() => setArmed(true)}>
          Delete domain…
        </button>
      ) : (
        <SubmitButton variant="danger" pendingText="Checking…">
          Delete domain…
        </SubmitButton>
      )}
    </form>
  );
}
