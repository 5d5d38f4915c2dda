'use client';

import { useEffect, useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** False in the server's HTML, true once React runs in the browser: buttons that need script wait for it. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** Marks <html data-hydrated> once the page is interactive (end-to-end tests wait for it). */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
