// npm start's supervision (scripts/lib/supervise.mjs) with stand-in
// children: restarts after each crash with a doubling delay, gives up on
// the fifth crash within the window, and never restarts after stop().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error -- plain JavaScript, typed by its JSDoc (scripts/tsconfig.json checks it)
import { supervise } from '../../scripts/lib/supervise.mjs';

interface FakeChild {
  name: string;
  child: { pid: number };
  exited: Promise<{ code: number | null; signal: null }>;
  crash(): void;
  stop(): Promise<unknown>;
  running(): boolean;
  lastLines: string[];
}

function fakeChild(pid: number): FakeChild {
  let crash!: () => void;
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: null }>((resolve) => {
    crash = () => {
      alive = false;
      resolve({ code: 1, signal: null });
    };
  });
  return { name: 'maild', child: { pid }, exited, crash, stop: async () => crash(), running: () => alive, lastLines: [] };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('supervise', () => {
  it('restarts a crashed child with doubling delays and gives up on the 5th crash within the window', async () => {
    const started: FakeChild[] = [];
    const lines: string[] = [];
    const gaveUp: string[] = [];
    supervise(
      'maild',
      () => {
        const child = fakeChild(started.length + 1);
        started.push(child);
        return child;
      },
      { log: (line: string) => lines.push(line), onGiveUp: (reason: string) => gaveUp.push(reason), firstDelayMs: 1, maxDelayMs: 4 },
    );
    for (let crash = 1; crash <= 5; crash++) {
      started.at(-1)!.crash();
      if (crash < 5) await until(() => started.length === crash + 1);
      else await until(() => gaveUp.length === 1);
    }
    assert.equal(started.length, 5);
    assert.deepEqual(
      lines.filter((l) => l.includes('restarting it in')).map((l) => /in ([\d.]+) s/.exec(l)![1]),
      ['0.001', '0.002', '0.004', '0.004'],
    );
    assert.match(gaveUp[0]!, /maild stopped unexpectedly 5 times within 120 s \(last: exit code 1\); not restarting it/);
  });

  it('does not restart a child it was told to stop', async () => {
    const started: FakeChild[] = [];
    const supervised = supervise(
      'web',
      () => {
        const child = fakeChild(started.length + 1);
        started.push(child);
        return child;
      },
      { log: () => {}, onGiveUp: () => assert.fail('gave up'), firstDelayMs: 1 },
    );
    await supervised.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(started.length, 1);
    assert.equal(supervised.running(), false);
  });
});
