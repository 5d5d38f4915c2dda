// Child processes of `npm start`: output prefixed line by line, exit watched,
// stopped with SIGTERM and, when that is not enough, SIGKILL.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, error?: Error }} ExitResult
 * @typedef {object} Child
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<ExitResult>} exited
 * @property {(timeoutMs?: number) => Promise<ExitResult>} stop
 * @property {string[]} lastLines
 * @property {() => boolean} running
 */

/**
 * Starts `command args` with its stdout/stderr passed through, each line
 * prefixed with `[name]`. Returns { name, child, exited, stop(), lastLines }.
 * `onLine(line)` sees every line (for readiness messages).
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, onLine?: (line: string) => void, keep?: number }} [options]
 * @returns {Child}
 */
export function startChild(name, command, args, { cwd, env, onLine = () => {}, keep = 40 } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lastLines = [];
  const prefix = `[${name}]`;
  const forward = (stream, out) => {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      lastLines.push(line);
      if (lastLines.length > keep) lastLines.shift();
      out.write(`${prefix} ${line}\n`);
      onLine(line);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let stopping;
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  /** SIGTERM, then SIGKILL after timeoutMs; resolves when the process is gone. */
  const stop = (timeoutMs = 10000) =>
    (stopping ??= (async () => {
      if (!running()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (running()) {
          process.stderr.write(`${prefix} did not stop within ${timeoutMs / 1000} s; killing it\n`);
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    })());
  return { name, child, exited, stop, lastLines, running };
}

/** `npx`-free run of a command with prefixed output; resolves with the exit code. */
export function runPrefixed(name, command, args, options = {}) {
  const { exited } = startChild(name, command, args, options);
  return exited.then(({ code, error }) => (error ? Promise.reject(error) : code));
}

/** @param {ExitResult} result */
export function describeExit({ code, signal, error }) {
  if (error) return error.message;
  if (signal) return `killed by ${signal}`;
  return `exit code ${code}`;
}
