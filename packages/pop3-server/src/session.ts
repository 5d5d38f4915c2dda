/**
 * One POP3 session's state: RFC 1939 state, TLS, the pending USER, and
 * after login the user, the maildrop lock and the maildrop view. What the
 * session offers depends on TLS and policy (`unavailable`), which is also
 * what CAPA reports (capabilities.ts).
 */
import { isLoopback } from '@kontor/core/loopback';
import type { MaildropView } from './maildrop-view.ts';
import type { CommandName, Pop3State } from './protocol/commands.ts';
import type { DispatchSession } from './protocol/dispatcher.ts';
import { err, type Reply } from './protocol/replies.ts';
import type { ClientInfo, MaildropLock, Pop3User } from './storage.ts';

export interface SessionPolicy {
  tlsAvailable: boolean;
  allowPlaintextAuthFromLoopback: boolean;
}

export class Pop3Session<U extends Pop3User> implements DispatchSession {
  state: Pop3State = 'authorization';
  /** USER given, waiting for PASS. */
  pendingUser: string | undefined;
  user: U | undefined;
  lock: MaildropLock | undefined;
  maildrop: MaildropView | undefined;
  /** The connection is gone; work still running must not start anything new. */
  closed = false;

  constructor(
    readonly client: ClientInfo,
    private readonly policy: SessionPolicy,
  ) {}

  get maildropIndex(): MaildropView | undefined {
    return this.maildrop;
  }

  /** Whether credentials may be sent now (RFC 2595 §2.3: not in the clear, unless allowed from loopback). */
  get authAllowed(): boolean {
    return this.client.secure || (this.policy.allowPlaintextAuthFromLoopback && isLoopback(this.client.address));
  }

  get stlsOffered(): boolean {
    return this.policy.tlsAvailable && !this.client.secure;
  }

  unavailable(command: CommandName): Reply | undefined {
    switch (command) {
      case 'STLS':
        if (this.client.secure) return err('Already using TLS');
        if (!this.policy.tlsAvailable) return err('STLS is not available on this server');
        return undefined;
      case 'USER':
      case 'PASS':
      case 'AUTH':
        return this.authAllowed ? undefined : err('Plaintext authentication is not allowed without TLS: use STLS first', 'AUTH');
      default:
        return undefined;
    }
  }

  enterTransaction(user: U, maildrop: MaildropView): void {
    this.user = user;
    this.maildrop = maildrop;
    this.pendingUser = undefined;
    this.state = 'transaction';
  }

  /** Releases the maildrop lock if held (QUIT, disconnect, timeout, failed login). Never throws. */
  async releaseLock(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    await lock?.release().catch(() => {});
  }
}
