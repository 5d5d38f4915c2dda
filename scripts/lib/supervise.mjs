// Keeps a child of `npm start` (web, maild) running: a crash is followed by
// a restart after 1 s, 2 s, 4 s … (at most 30 s); only a child that keeps
// crashing (5 times within 2 minutes) stops Kontor.
import { describeExit } from './processes.mjs';

/** @typedef {import('./processes.mjs').Child} Child */

/**
 * @typedef {object} SuperviseOptions
 * @property {(line: string) => void} log
 * @property {(reason: string) => void} onGiveUp called once when the child keeps crashing
 * @property {number} [maxCrashes] crashes within `windowMs` that end the supervision (5)
 * @property {number} [windowMs] (120 000)
 * @property {number} [firstDelayMs] the first restart's delay, doubled after each crash (1000)
 * @property {number} [maxDelayMs] (30 000)
 */

/**
 * @typedef {object} Supervised
 * @property {string} name
 * @property {() => Child} current the running (or last) process
 * @property {() => boolean} running
 * @property {(timeoutMs?: number) => Promise<unknown>} stop no restarts after this
 */

/**
 * Runs `start()` and starts it again whenever the process exits on its own.
 * @param {string} name
 * @param {() => Child} start
 * @param {SuperviseOptions} options
 * @returns {Supervised}
 */
export function supervise(name, start, options) {
  const { log, onGiveUp, maxCrashes = 5, windowMs = 120_000, firstDelayMs = 1000, maxDelayMs = 30_000 } = options;
  /** @type {number[]} */
  const crashes = [];
  let stopped = false;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let child = start();

  /** @param {Child} watched */
  const watch = (watched) => {
    void watched.exited.then((result) => {
      if (stopped) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && /** @type {number} */ (crashes[0]) <= now - windowMs) crashes.shift();
      if (crashes.length >= maxCrashes) {
        stopped = true;
        onGiveUp(`${name} stopped unexpectedly ${crashes.length} times within ${windowMs / 1000} s (last: ${describeExit(result)}); not restarting it`);
        return;
      }
      const delay = Math.min(firstDelayMs * 2 ** (crashes.length - 1), maxDelayMs);
      log(`${name} stopped unexpectedly (${describeExit(result)}); restarting it in ${delay / 1000} s`);
      timer = setTimeout(() => {
        if (stopped) return;
        child = start();
        log(`${name} restarted (process ${child.child.pid})`);
        watch(child);
      }, delay);
    });
  };
  watch(child);

  return {
    name,
    current: () => child,
    running: () => !stopped && child.running(),
    stop: (timeoutMs) => {
      stopped = true;
      clearTimeout(timer);
      return child.stop(timeoutMs);
    },
  };
}
