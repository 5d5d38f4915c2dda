import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

/**
 * An SMTP reply as a verdict: what policy steps return and what the edge
 * sends. `enhanced` is the RFC 3463 code; smtp-server would otherwise guess
 * one from the number alone (every 550 would become 5.1.1, even relay denied).
 */
export class SmtpReply extends Error {
  readonly responseCode: number;
  /** The policy step that gave this reply (runSteps sets it): the `reason` of kontor_messages_refused_total. */
  step?: string;
  constructor(
    code: number,
    readonly enhanced: string,
    readonly text: string,
  ) {
    super(`${enhanced} ${text}`);
    this.responseCode = code;
  }
  get temporary(): boolean {
    return this.responseCode >= 400 && this.responseCode < 500;
  }
}

export const reject = (code: number, enhanced: string, text: string) => new SmtpReply(code, enhanced, text);

/** Replies whose text starts with an enhanced code keep it; the library adds none of its own. */
let patched = false;
export function keepOwnEnhancedCodes(): void {
  if (patched) return;
  patched = true;
  const proto = SMTPConnection.prototype as unknown as { send: (code: number, data: unknown, context?: unknown) => void };
  const send = proto.send;
  proto.send = function (this: unknown, code: number, data: unknown, context?: unknown) {
    if (typeof data === 'string' && /^[245]\.\d{1,3}\.\d{1,3} /.test(data)) context = false;
    return send.call(this, code, data, context);
  };
}
