import type { Readable } from 'node:stream';
import { type MessageNeeds, messageNeeds, needsSmtpUtf8, reencodeMessage } from './seven-bit.ts';
import type { HopExtensions, PreparedMessage, RecipientReply } from './smtp-attempt.ts';

/** Signs the exact octets that go out; resolves to the `DKIM-Signature:` field ('' for none). */
export type SignMessage = (message: Buffer) => Promise<string>;

type Variant = 'as-stored' | 'seven-bit';

/**
 * One queued message as each next hop gets it (RFC 6152, RFC 6531):
 *
 * - lines over 998 octets are always re-encoded (quoted-printable), since
 *   no hop may take them (RFC 5321 §4.5.3.1.6);
 * - 8-bit content goes as is with BODY=8BITMIME when the hop offers it,
 *   else converted to 7 bit;
 * - UTF-8 in an address or the header goes with SMTPUTF8 when offered; a
 *   hop without it gets no such recipient (refused here, for good: a DSN).
 *
 * Each variant is signed once, after conversion, so the receiver verifies
 * the octets it got. The as-stored variant is signed up front (`ready`) so
 * a key problem defers the attempt before any connection.
 */
export class HopMessage {
  private readonly signed = new Map<Variant, Promise<Buffer>>();

  private constructor(
    private readonly stored: Buffer,
    readonly needs: MessageNeeds,
    private readonly envelopeFrom: string,
    private readonly sign: SignMessage,
  ) {}

  static async load(message: Readable, envelopeFrom: string, sign: SignMessage): Promise<HopMessage> {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const stored = Buffer.concat(chunks);
    const hop = new HopMessage(stored, messageNeeds(stored), envelopeFrom, sign);
    await hop.variant('as-stored');
    return hop;
  }

  /** The message and MAIL FROM parameters for a hop with these extensions; `recipients` are this transaction's. */
  async forHop(hop: HopExtensions, recipients: string[], hostName: string): Promise<PreparedMessage> {
    const messageNeedsUtf8 = needsSmtpUtf8(this.envelopeFrom) || this.needs.utf8Header;
    const refused: RecipientReply[] = [];
    if (!hop.smtpUtf8) {
      for (const recipient of recipients) {
        if (messageNeedsUtf8) refused.push(noSmtpUtf8(recipient, hostName, needsSmtpUtf8(this.envelopeFrom) ? 'sender address' : 'message header'));
        else if (needsSmtpUtf8(recipient)) refused.push(noSmtpUtf8(recipient, hostName, 'recipient address'));
      }
    }
    const variant: Variant = this.needs.eightBit && !hop.eightBitMime ? 'seven-bit' : 'as-stored';
    const message = await this.variant(variant);
    const sentUtf8 = messageNeedsUtf8 || recipients.some(needsSmtpUtf8);
    return {
      message,
      eightBitMime: hop.eightBitMime && variant === 'as-stored' && this.needs.eightBit,
      smtpUtf8: hop.smtpUtf8 && sentUtf8,
      refused,
    };
  }

  private variant(which: Variant): Promise<Buffer> {
    let signed = this.signed.get(which);
    if (!signed) {
      const body = which === 'seven-bit' ? reencodeMessage(this.stored, { sevenBit: true }) : reencodeLongLines(this.stored, this.needs);
      signed = this.sign(body).then((signature) => (signature ? Buffer.concat([Buffer.from(signature), body]) : body));
      this.signed.set(which, signed);
    }
    return signed;
  }
}

function reencodeLongLines(message: Buffer, needs: MessageNeeds): Buffer {
  return needs.longLines ? reencodeMessage(message, { sevenBit: false }) : message;
}

/** Our own permanent refusal (RFC 6531 §3.7.4 status codes), written so the DSN explains it. */
function noSmtpUtf8(recipient: string, hostName: string, what: 'sender address' | 'recipient address' | 'message header'): RecipientReply {
  const status = what === 'message header' ? '5.6.9' : '5.6.7';
  return {
    recipient,
    code: 550,
    local: true,
    response: `${status} Not sent: the receiving server ${hostName} cannot take internationalised email (it does not offer SMTPUTF8, RFC 6531) and the ${what} uses non-ASCII characters`,
  };
}
