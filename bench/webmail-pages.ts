/**
 * The timed part of the webmail benchmark: each case is a list of GETs a
 * signed-in user's browser makes (a folder page, the rows of a later page
 * as the list scrolls, a message, a search), timed from the request to the
 * last byte of the response, REQUESTS times after two warm-ups. A case may
 * first change the mailbox (new mail in INBOX), so the page pays for what
 * a live refresh after new mail pays for.
 */
import { type Fetched, getPage } from '../apps/web/tests/lib/webmail-probes.ts';
import { quantile } from './webmail-measure.ts';

export interface TimedRow {
  label: string;
  target: number;
  times: number[];
  bytes: number;
  /** CPU ms per request of the web process and of maild (where measured). */
  cpu?: { web: number; maild: number };
  note?: string;
}

export interface PageCase {
  label: string;
  target: number;
  /** Cycled through, one per request. */
  paths: string[];
  /** Extra cookies (the list order). */
  cookies?: string;
  /** Before each request: e.g. file a new message so cached orders are stale. */
  before?: () => Promise<void>;
  /** The message body may be its own document (a sandboxed iframe): the user waits for it too. */
  followFrame?: boolean;
}

export interface PageTimer {
  rows: TimedRow[];
  errors: number;
  time(test: PageCase): Promise<void>;
  header(): void;
}

const log = (line: string) => console.log(`  ${line}`);
// As rendered text (after a tag), not the same words inside the page's bundled message catalog.
const UNAVAILABLE = />(The mail server cannot be reached right now|Der Mailserver ist gerade nicht erreichbar)/;

function verdict(row: TimedRow): string {
  const p50 = quantile(row.times, 0.5);
  const p95 = quantile(row.times, 0.95);
  return p95 <= row.target ? 'pass' : p50 <= row.target ? 'p95 over target' : 'FAIL (over target)';
}

export function printRow(row: TimedRow): void {
  const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(8);
  const cpu = row.cpu ? `${ms(row.cpu.web)} ${ms(row.cpu.maild)}` : `${''.padStart(8)} ${''.padStart(8)}`;
  log(
    `${row.label.padEnd(44)} ${ms(quantile(row.times, 0.5))} ${ms(quantile(row.times, 0.95))} ${`< ${row.target} ms`.padStart(9)} ${`${(row.bytes / 1024).toFixed(0)} KB`.padStart(8)} ${cpu}  ${verdict(row)}${row.note ? `  (${row.note})` : ''}`,
  );
}

/** Cumulative CPU ms of the web process and of maild. */
export type CpuSampler = () => { web: number; maild: number };

export function pageTimer(baseUrl: string, cookie: string, requests: number, cpu?: CpuSampler): PageTimer {
  const timer: PageTimer = {
    rows: [],
    errors: 0,
    header() {
      console.log(`  server time over loopback, ${requests} requests each after 2 warm-ups (p50, p95, target, largest response):`);
      log(
        `${'what'.padEnd(44)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'target'.padStart(9)} ${'size'.padStart(8)} ${'web CPU'.padStart(8)} ${'maildCPU'.padStart(8)}`,
      );
    },
    async time(test) {
      const jar = test.cookies ? `${cookie}; ${test.cookies}` : cookie;
      const ok = (result: Fetched, what = test.label): Fetched | null => {
        // 'unavailable' is a 200 page too: the request gave up on IMAP (WEBMAIL_IMAP_TIMEOUT), which is no figure.
        const gaveUp = UNAVAILABLE.test(result.body);
        if (result.status === 200 && !gaveUp) return result;
        timer.errors++;
        log(`${what}: ERROR ${gaveUp ? `'unavailable' after ${result.ms.toFixed(0)} ms` : result.status}${result.location ? ` → ${result.location}` : ''}`);
        return null;
      };
      const first = await getPage(baseUrl, test.paths[0]!, jar);
      if (first.status === 404) {
        log(`${test.label.padEnd(44)} not there yet (404 for ${test.paths[0]})`);
        return;
      }
      if (!ok(first)) return;
      const second = await getPage(baseUrl, test.paths[1 % test.paths.length]!, jar);
      // Pages of several seconds are timed fewer times: their figure is clear after five.
      const count = Math.min(first.ms, second.ms) > 2000 ? Math.min(5, requests) : requests;
      const row: TimedRow = { label: test.label, target: test.target, times: [], bytes: 0 };
      if (count < requests) row.note = `${count} requests`;
      let frames = 0;
      let cpuSpent = { web: 0, maild: 0 };
      for (let i = 0; i < count; i++) {
        await test.before?.();
        const cpuBefore = cpu?.();
        const page = ok(await getPage(baseUrl, test.paths[(i + 2) % test.paths.length]!, jar));
        if (!page) return;
        let { ms, bytes } = page;
        const frame = test.followFrame ? /<iframe[^>]*\ssrc="(\/[^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&') : undefined;
        if (frame) {
          const body = ok(await getPage(baseUrl, frame, jar), `${test.label} (frame)`);
          if (!body) return;
          ms += body.ms;
          bytes += body.bytes;
          frames++;
        }
        row.times.push(ms);
        row.bytes = Math.max(row.bytes, bytes);
        const cpuAfter = cpu?.();
        if (cpuBefore && cpuAfter) cpuSpent = { web: cpuSpent.web + cpuAfter.web - cpuBefore.web, maild: cpuSpent.maild + cpuAfter.maild - cpuBefore.maild };
      }
      if (cpu) row.cpu = { web: cpuSpent.web / count, maild: cpuSpent.maild / count };
      if (test.followFrame) row.note = [row.note, frames ? 'page + body frame' : 'page, no body frame'].filter(Boolean).join(', ');
      timer.rows.push(row);
      printRow(row);
    },
  };
  return timer;
}
