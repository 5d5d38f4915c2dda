import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

/** nodemailer's internal command writer: every command, MAIL FROM included, goes out through it. */
type CommandWriter = (this: SMTPConnection, command: string, logCommand?: string) => void;

const writeCommand: unknown = Reflect.get(SMTPConnection.prototype, '_sendCommand');

function isCommandWriter(value: unknown): value is CommandWriter {
  return typeof value === 'function';
}

/**
 * nodemailer's SMTPConnection with promises, and one addition: `SMTPUTF8`
 * on MAIL FROM when the message needs it for its header alone (RFC 6531
 * §3.4). nodemailer adds the keyword only for a non-ASCII envelope address;
 * an ASCII envelope with UTF-8 header fields needs it too. The hook is
 * nodemailer's internal `_sendCommand`, checked when the connection is
 * made so that a nodemailer without it fails loudly, not silently.
 */
export class EnvelopeConnection extends SMTPConnection {
  /** Send SMTPUTF8 with the next MAIL FROM when the hop offers it. */
  forceSmtpUtf8 = false;
  private offersSmtpUtf8 = false;

  constructor(options: SMTPConnection.Options) {
    super(options);
    if (!isCommandWriter(writeCommand)) throw new Error('nodemailer SMTPConnection has no _sendCommand: update envelope-connection.ts');
    const write = writeCommand;
    Reflect.set(this, '_sendCommand', (command: string, logCommand?: string) => {
      const mail = /^MAIL FROM:/i.test(command);
      const extended = mail && this.forceSmtpUtf8 && this.offersSmtpUtf8 && !/\sSMTPUTF8(\s|$)/i.test(command) ? `${command} SMTPUTF8` : command;
      write.call(this, extended, logCommand);
    });
  }

  /** Connects: greeting, EHLO, STARTTLS as configured, EHLO again. */
  open(): Promise<void> {
    return this.settle<void>((done) =>
      this.connect((error) => {
        this.offersSmtpUtf8 = /^\d{3}[ -]SMTPUTF8\b/im.test(this.lastServerResponse || '');
        done(error ?? null, undefined);
      }),
    );
  }

  /** The certificate chain the server presented, leaf first (empty before TLS). */
  peerChain(): X509Certificate[] {
    const socket: unknown = Reflect.get(this, '_socket');
    if (!(socket instanceof TLSSocket)) return [];
    const chain: X509Certificate[] = [];
    let cert = socket.getPeerCertificate(true);
    while (cert?.raw && chain.length < 10) {
      chain.push(new X509Certificate(cert.raw));
      // The root's issuerCertificate is itself.
      if (!cert.issuerCertificate || cert.issuerCertificate === cert || cert.issuerCertificate.raw.equals(cert.raw)) break;
      cert = cert.issuerCertificate;
    }
    return chain;
  }

  /** TLS is up (STARTTLS done, or implicit TLS). */
  isSecure(): boolean {
    return Reflect.get(this, '_socket') instanceof TLSSocket;
  }

  authenticate(auth: SMTPConnection.Credentials): Promise<void> {
    return this.settle<void>((done) => this.login(auth, (error) => done(error ?? null, undefined)));
  }

  deliver(envelope: SMTPConnection.Envelope, message: Buffer): Promise<SMTPConnection.SentMessageInfo> {
    return this.settle<SMTPConnection.SentMessageInfo>((done) => this.send(envelope, message, (error, info) => done(error, info)));
  }

  /** One step: its callback, or the connection's error or end, whichever comes first. */
  private settle<T>(run: (done: (error: Error | null, value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      const detach = () => {
        finished = true;
        this.off('error', onError);
        this.off('end', onEnd);
      };
      const onError = (error: Error) => {
        if (finished) return;
        detach();
        reject(error);
      };
      const onEnd = () => onError(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' }));
      this.on('error', onError);
      this.on('end', onEnd);
      run((error, value) => {
        if (error) return onError(error);
        if (finished) return;
        detach();
        resolve(value);
      });
    });
  }
}
