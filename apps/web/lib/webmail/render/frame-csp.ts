/**
 * The Content-Security-Policy of the message frame. In the frame document it
 * is a <meta http-equiv>; a route that serves the document itself sends it as
 * a header and adds `sandbox` (a meta policy cannot sandbox) and
 * `frame-ancestors` (nor restrict who frames it).
 */

export type FrameCspOptions = {
  /** https images (and CSS url()s) were kept for this message. */
  allowRemote: boolean;
  /** For an HTTP header: add the sandbox and frame-ancestors directives. */
  header?: boolean;
};

/** The iframe's sandbox attribute value: popups for links, nothing else (no scripts, no same origin, no forms, no top navigation). */
export const FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

export function frameContentSecurityPolicy(options: FrameCspOptions): string {
  const directives = [
    "default-src 'none'",
    options.allowRemote ? 'img-src data: https:' : 'img-src data:',
    "style-src 'unsafe-inline'",
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (options.header) directives.push(`sandbox ${FRAME_SANDBOX}`, "frame-ancestors 'self'");
  return directives.join('; ');
}
