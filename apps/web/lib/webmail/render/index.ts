/**
 * Server-side rendering of stored mail for the webmail reading pane. Pure
 * functions over a message's raw bytes; see docs/webmail-rendering.md for
 * the security model (sanitiser + sandboxed frame + CSP).
 */
export { extractAttachment, messageAttachment } from './extract-attachment.ts';
export { FRAME_SANDBOX, type FrameCspOptions, frameContentSecurityPolicy } from './frame-csp.ts';
export { type FrameDocumentOptions, messageFrameDocument } from './frame-document.ts';
export { DEFAULT_MAX_INLINE_IMAGE_BYTES } from './inline-images.ts';
export { renderMessage } from './render-message.ts';
export type { AttachmentInfo, ExtractedAttachment, HeaderLine, MailAddress, Previewable, RenderedMessage, RenderOptions } from './types.ts';
