// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

// Uploads to /admin/import travel in a server action: allow the import's file limit (IMPORT_MAX_BYTES, lib/config.ts,
// read when the server starts) plus room for the form's other fields. The action itself refuses a larger file clearly.
const importMaxBytes = Number(process.env.IMPORT_MAX_BYTES) > 0 ? Number(process.env.IMPORT_MAX_BYTES) : 100 * 1024 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules stay outside the bundle: they are loaded by Node at run time.
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() / unauthorized(): the curator guard answers 403 to a signed-in user without the role and 401 to
  // anonymous API callers (lib/auth/guard.ts).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: importMaxBytes + 1024 * 1024 } },
  // English lives at unprefixed URLs (/monuments/temple-of-bel), Arabic under /ar/…. A config rewrite keeps
  // this internal; next-intl's proxy rewrite was turned into a 307 loop by `next start` (vercel/next.js#94342).
  async rewrites() {
    return {
      beforeFiles: [
        { source: '/', destination: '/en' },
        { source: '/:path((?!(?:ar|en)(?:/|$)|api/|export/|_next/|.*\\.).+)', destination: '/en/:path' },
      ],
    };
  },
  async redirects() {
    return [
      { source: '/en', destination: '/', permanent: true },
      { source: '/en/:path*', destination: '/:path*', permanent: true },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
