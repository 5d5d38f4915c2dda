// Moved to @kontor/core (packages/core/src/send-limits.ts): the panel's sending API counts into the same limits.
export { type SendLimit, SendLimits, type SendLimitVerdict } from '@kontor/core';
