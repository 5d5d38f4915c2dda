/**
 * The webmail benchmark's own measuring tools (the probes it shares with
 * the pool tests are in apps/web/tests/lib/webmail-probes.ts): quantiles,
 * CPU time per process, and the web process's inspector for its memory
 * after a full GC and for a CPU profile.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc: unlike wall time, it does not grow when other work shares the machine. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

interface WebSocketLike {
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

/**
 * The web process's inspector (started with NODE_OPTIONS=--inspect=127.0.0.1:port;
 * the benchmark runs with --experimental-websocket on Node 20). One session
 * for all calls, so a CPU profile started in one call is stopped in another.
 */
export async function connectInspector(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  if (!target) throw new Error('the web process has no inspector target');
  const Socket = (globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike }).WebSocket;
  const ws = new Socket(target.webSocketDebuggerUrl);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(JSON.stringify(message.error)));
    else waiter.resolve(message.result);
  };
  await new Promise<void>((resolve, reject) => {
    ws.onerror = () => reject(new Error('inspector connection failed'));
    ws.onopen = () => resolve();
  });
  function call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }
  return {
    call,
    /** process.memoryUsage() of the web process after a full garbage collection. */
    async memoryAfterGc(): Promise<NodeJS.MemoryUsage> {
      await call('HeapProfiler.collectGarbage');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await call('HeapProfiler.collectGarbage');
      const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
        result: { value: string };
      };
      return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    },
    close: () => ws.close(),
  };
}
