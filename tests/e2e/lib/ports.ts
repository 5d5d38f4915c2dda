import { waitForPort as portAnswersWithin } from '@kontor/core/ports';

export { freePort } from '@kontor/core/ports';

/** Waits until 127.0.0.1:port accepts connections; throws after timeoutMs. */
export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  if (!(await portAnswersWithin(port, { timeoutMs }))) throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
}
