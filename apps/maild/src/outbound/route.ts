// The router moved to @kontor/mailstore (packages/mailstore/src/route.ts), so that
// the panel's sending API routes a message exactly as submission does.
export { MailRouter, type RouteRequest, type RouteResult } from '@kontor/mailstore';
