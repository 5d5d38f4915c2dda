import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium, headless, as every browser test here drives it (never a downloaded browser).
 * `extraArgs` add switches, such as a proxy that sees every request.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
