/**
 * ACME_DIRECTORY: which certificate authority issues Kontor's automatic
 * certificates. A shortcut or the URL of any RFC 8555 directory.
 */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
export const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

const SHORTCUTS: Record<string, string> = {
  '': LETS_ENCRYPT_PRODUCTION,
  letsencrypt: LETS_ENCRYPT_PRODUCTION,
  production: LETS_ENCRYPT_PRODUCTION,
  staging: LETS_ENCRYPT_STAGING,
  'letsencrypt-staging': LETS_ENCRYPT_STAGING,
};

/** The directory URL for a setting; null when it is neither a shortcut nor an http(s) URL. */
export function resolveAcmeDirectory(value: string | undefined): string | null {
  const setting = (value ?? '').trim();
  const shortcut = SHORTCUTS[setting.toLowerCase()];
  if (shortcut) return shortcut;
  try {
    const url = new URL(setting);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The names an ACME certificate may be asked for: a CA validates only
 * public DNS names, so `localhost`, single labels and IP addresses are
 * left to the self-signed or manual certificate.
 */
export function isAcmeName(name: string): boolean {
  const host = name.trim().toLowerCase();
  if (!host.includes('.') || host.endsWith('.')) return false;
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  if (/^[\d.]+$/.test(host) || host.includes(':')) return false;
  return /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host);
}
