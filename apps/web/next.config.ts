import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const nextConfig: NextConfig = {
  // A separate build directory lets a second build run beside the usual one (tests, parallel work).
  distDir: process.env.KONTOR_WEB_DIST_DIR || '.next',
  // Workspace packages ship TypeScript sources (with explicit .ts imports).
  transpilePackages: ['@kontor/core', '@kontor/db', '@kontor/mailstore'],
  // Native addons, the database driver and Prisma's runtime stay plain Node requires.
  serverExternalPackages: [
    '@node-rs/argon2',
    'pg',
    'pg-native',
    '@prisma/client',
    '@prisma/adapter-pg',
    '@prisma/driver-adapter-utils',
    '@prisma/schema-engine-wasm',
    '@electric-sql/pglite',
    'pino',
    'ioredis',
    // One metrics registry per process (packages/core/src/metrics.ts).
    'prom-client',
    'rate-limiter-flexible',
    // Reads its plist templates from beside its own files at load time.
    '@zone-eu/mobileconfig',
  ],
  // The workspace root holds node_modules and the packages.
  turbopack: { root },
  outputFileTracingRoot: root,
  // Outlook asks either spelling; one route serves both.
  async rewrites() {
    return [{ source: '/Autodiscover/Autodiscover.xml', destination: '/autodiscover/autodiscover.xml' }];
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

// Strings per language: i18n/request.ts picks the locale and its messages per request.
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(nextConfig);
