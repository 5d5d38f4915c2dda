'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComposeInput } from '@/lib/webmail/compose/compose-input.ts';
import { saveDraftRequest } from './compose-api.ts';

/** Often enough that a crash loses a sentence, rarely enough not to flood Drafts with versions. */
export const AUTOSAVE_MS = 4000;

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'failed' };

/**
 * Saves the form to Drafts every few seconds while it changes, and once
 * more when the page is left (a keepalive request outlives the page).
 * The URL then names the draft (`?draft=<uid>&k=<draft id>`), so a
 * reload opens it again. `snapshot` reads the form as it is now.
 */
export function useDraftAutosave(snapshot: () => ComposeInput, draftKey: string, initialUid: number | null) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const version = useRef(0);
  const saved = useRef(0);
  const uid = useRef(initialUid);
  const inflight = useRef<Promise<void> | null>(null);
  /** Sent or discarded: nothing more to save. */
  const finished = useRef(false);
  const read = useRef(snapshot);
  read.current = snapshot;

  /** `keepalive`: the page is being left; the request must outlive it, even beside a save under way. */
  const save = useCallback(
    async (keepalive = false) => {
      if (finished.current || version.current === saved.current || (inflight.current && !keepalive)) return;
      const at = version.current;
      setState({ kind: 'saving' });
      const request = (async () => {
        const result = await saveDraftRequest({ ...read.current(), draftUid: uid.current }, { keepalive });
        if (finished.current) return;
        if (result.status === 'saved') {
          saved.current = Math.max(saved.current, at);
          if (result.uid) {
            uid.current = result.uid;
            // null state: Next.js then takes the URL into its router state; with its own state passed back it would
            // treat the call as its own, and the next refresh (a live update) would put the old URL back.
            window.history.replaceState(null, '', `/webmail/compose?draft=${result.uid}&k=${encodeURIComponent(draftKey)}`);
          }
          setState({ kind: 'saved', at: result.savedAt });
        } else setState({ kind: 'failed' });
      })();
      inflight.current = request;
      try {
        await request;
      } finally {
        if (inflight.current === request) inflight.current = null;
      }
    },
    [draftKey],
  );

  useEffect(() => {
    const timer = setInterval(() => void save(), AUTOSAVE_MS);
    const leave = () => void save(true);
    const hidden = () => {
      if (document.visibilityState === 'hidden') leave();
    };
    window.addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', hidden);
      // Unmounted: the user went elsewhere inside webmail.
      leave();
    };
  }, [save]);

  return {
    state,
    /** Something in the form changed. */
    touch: useCallback(() => {
      version.current += 1;
    }, []),
    /** The current draft's UID (for send and discard). */
    draftUid: () => uid.current,
    forgetDraft: () => {
      uid.current = null;
    },
    /** Waits for a save under way, then stops saving (send, discard). */
    finish: async () => {
      finished.current = true;
      await inflight.current;
    },
    /** The send failed: saving resumes. */
    resume: () => {
      finished.current = false;
    },
    saveNow: () => save(),
  };
}
