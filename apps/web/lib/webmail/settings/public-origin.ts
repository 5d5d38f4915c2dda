import 'server-only';
import { loadConfig } from '@kontor/core';
import { headers } from 'next/headers';

/**
 * The address a phone reaches this web app at, for links put into QR codes:
 * PUBLIC_URL when set (behind a proxy the request's own Host may be an
 * inside name), else the Host the browser used.
 */
export async function publicOrigin(): Promise<string> {
  const configured = loadConfig().PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const host = (await headers()).get('host') ?? 'localhost';
  return `http://${host}`;
}
