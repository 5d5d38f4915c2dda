import type { ComposeInput, DraftResult, SendProblem, SendResult } from '@/lib/webmail/compose/compose-input.ts';

/** The compose routes from the browser; a failure of the network or the server becomes a problem, never a throw. */

async function post(url: string, body: unknown, init: { method?: string; keepalive?: boolean } = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    keepalive: init.keepalive,
    credentials: 'same-origin',
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

function routeProblem(status: number, body: unknown): SendProblem {
  const problem = (body as { problem?: unknown } | null)?.problem;
  if (typeof problem === 'object' && problem !== null && 'code' in problem) return problem as SendProblem;
  if (status === 401 || problem === 'sessionEnded') return { code: 'sessionEnded' };
  return { code: 'unavailable' };
}

export async function saveDraftRequest(input: ComposeInput, options: { keepalive?: boolean } = {}): Promise<DraftResult> {
  try {
    const { status, body } = await post('/webmail/compose/draft', input, { keepalive: options.keepalive });
    if (status === 200) return body as DraftResult;
    return { status: 'error', problem: status === 401 ? 'sessionEnded' : status === 400 || status === 409 ? 'invalid' : 'unavailable' };
  } catch {
    return { status: 'error', problem: 'unavailable' };
  }
}

export async function sendRequest(input: ComposeInput): Promise<SendResult> {
  try {
    const { status, body } = await post('/webmail/compose/send', input);
    if (status === 200 && body) return body as SendResult;
    return { status: 'error', problem: routeProblem(status, body) };
  } catch {
    return { status: 'error', problem: { code: 'unavailable' } };
  }
}

export async function discardRequest(target: Pick<ComposeInput, 'composeId' | 'draftKey' | 'draftUid'>): Promise<boolean> {
  try {
    const { status } = await post('/webmail/compose/draft', target, { method: 'DELETE' });
    return status === 200;
  } catch {
    return false;
  }
}
