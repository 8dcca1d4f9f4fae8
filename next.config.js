// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const { configHeaders, DEFAULT_MAP_TILE_URL, FORM_BODY_LIMIT_BYTES } = require('./lib/http-policy.js');
const { UNLOCALIZED_PREFIXES } = require('./lib/routes.js');

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

// Uploads to /admin/import travel in a server action: allow the import's file limit (IMPORT_MAX_BYTES, lib/config.ts,
// read when the server starts) plus room for the form's other fields. The action itself refuses a larger file clearly.
const importMaxBytes =
  Number(process.env.IMPORT_MAX_BYTES) > 0 ? Number(process.env.IMPORT_MAX_BYTES) : 100 * 1024 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules stay outside the bundle: they are loaded by Node at run time.
  serverExternalPackages: ['better-sqlite3', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() / unauthorized(): the curator guard answers 403 to a signed-in user without the role and 401 to
  // anonymous API callers (lib/auth/guard.ts).
  experimental: {
    authInterrupts: true,
    // Curator forms (server actions): a larger body is refused with 413 (the proxy checks Content-Length first);
    // the import page takes files up to IMPORT_MAX_BYTES.
    serverActions: { bodySizeLimit: Math.max(FORM_BODY_LIMIT_BYTES, importMaxBytes + 1024 * 1024) },
  },
  // Security headers on every response, fixed at build time (public pages get their own policy from server.js, pages
  // rendered per request from proxy.ts: docs/decisions/009). The map tile host comes from MAP_TILE_URL at build time;
  // the server refuses to start when the running MAP_TILE_URL differs (instrumentation.ts), and `npm start` rebuilds.
  async headers() {
    return configHeaders({
      mapTileUrl: process.env.MAP_TILE_URL || DEFAULT_MAP_TILE_URL,
      production: process.env.NODE_ENV === 'production',
    });
  },
  // English lives at unprefixed URLs (/monuments/temple-of-bel), Arabic under /ar/…. A config rewrite keeps
  // this internal; next-intl's proxy rewrite was turned into a 307 loop by `next start` (vercel/next.js#94342).
  async rewrites() {
    return {
      beforeFiles: [
        { source: '/', destination: '/en' },
        // Everything but the Arabic pages, the addresses the route table (lib/routes.js) says are not in a language,
        // and files (a dot in the name).
        {
          source: `/:path((?!(?:ar|en)(?:/|$)|${UNLOCALIZED_PREFIXES.map((p) => `${p}/`).join('|')}|.*\\.).+)`,
          destination: '/en/:path',
        },
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
