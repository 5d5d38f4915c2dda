export function portAnswers(port: number, host?: string, timeoutMs?: number): Promise<boolean>;
export function waitForPort(port: number, options?: { host?: string; timeoutMs?: number }): Promise<boolean>;
export function freePort(host?: string): Promise<number>;
