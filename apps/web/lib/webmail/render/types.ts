/** The shapes the reading pane gets from the renderer; plain data, safe to pass to client components. */

export type MailAddress = { name: string; address: string };

export type HeaderLine = { name: string; value: string };

export type Previewable = 'image' | 'pdf';

export type AttachmentInfo = {
  /**
   * Stable part id: mailparser's IMAP-style part number ("2", "1.2"); a file
   * inside a TNEF part is `<partId>/tnef/<n>`; an attachment of an attached
   * message is `<partId>/message/<innerId>`. Pass it back to extractAttachment.
   */
  id: string;
  /** A bare file name, never a path, without control or bidi characters. */
  filename: string;
  /** `type/subtype`, lower case, without parameters; a token a route may send as Content-Type. */
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** Content-Disposition inline (or a related part without a disposition). */
  inline: boolean;
  /** The Content-ID without angle brackets, when the part has one. */
  cid?: string;
  /** Shown inside the HTML body as a cid: image, so a list may leave it out. */
  embedded: boolean;
  /** A message/rfc822 part: open it with messageAttachment(). */
  isMessage: boolean;
  /** What a browser may show inline, judged by the bytes themselves, not the declared type. */
  previewable: Previewable | null;
};

export type RenderedMessage = {
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress[];
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The plain text body (mailparser derives one from HTML when the mail has none), or null. */
  text: string | null;
  /** The sanitised HTML body fragment, or null for a plain text mail. */
  html: string | null;
  /** Remote images or CSS were removed (always false when allowRemote was set and nothing but http: was removed). */
  remoteContentBlocked: boolean;
  /** The allowRemote it was rendered with; the frame's CSP follows it. */
  remoteContentAllowed: boolean;
  attachments: AttachmentInfo[];
  /** Every header field in order, unfolded, encoded-words decoded. */
  headers: HeaderLine[];
};

export type RenderOptions = {
  /** The user allowed remote content for this message or sender: https images and CSS url()s are kept. */
  allowRemote: boolean;
  /** Cap on the bytes of cid: images embedded as data: URIs (all of them together). Default 5 MB. */
  maxInlineImageBytes?: number;
};

export type ExtractedAttachment = {
  filename: string;
  contentType: string;
  content: Buffer;
};
