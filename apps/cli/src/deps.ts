/**
 * The core and the data layer, imported on first use. Loading them (Prisma,
 * pg, zod, argon2) is most of a run's start-up, and `kontor --help` or a
 * mistyped option needs none of it.
 */
export const core = () => import('@kontor/core');
export const data = () => import('@kontor/db');
export const store = () => import('@kontor/mailstore');
