/** When a deferred message is tried again: base, doubling each time, at most max (5 min → 4 h by default). */
export function retryDelay(attempts: number, settings: { base: number; max: number }): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(settings.base * 2 ** Math.min(exponent, 30), settings.max);
}
