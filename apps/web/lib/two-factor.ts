import 'server-only';
import { formatTotpSecret } from '@kontor/core';
import { type TwoFactorOptions, twoFactorOptionsFromConfig } from '@kontor/db';
import QRCode from 'qrcode';

declare global {
  var kontorTwoFactorOptions: TwoFactorOptions | undefined;
}

/** The installation's TOTP keyring and issuer, read once per process. */
export function twoFactorOptions(): TwoFactorOptions {
  globalThis.kontorTwoFactorOptions ??= twoFactorOptionsFromConfig();
  return globalThis.kontorTwoFactorOptions;
}

/** What the setup shows: the QR code as a data: URL (the CSP allows img-src data:), the secret to type, the URI. */
export interface EnrolmentView {
  qr: string;
  secret: string;
  secretGroups: string;
  uri: string;
}

export async function enrolmentView(enrolment: { secret: string; uri: string } | null): Promise<EnrolmentView | null> {
  if (!enrolment) return null;
  const svg = await QRCode.toString(enrolment.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    secret: enrolment.secret,
    secretGroups: formatTotpSecret(enrolment.secret),
    uri: enrolment.uri,
  };
}
