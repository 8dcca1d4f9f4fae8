// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const { configHeaders, DEFAULT_MAP_TILE_URL, FORM_BODY_LIMIT_BYTES } = require('./lib/http-policy.js');
const { LOCALIZED_FILE_SOURCES, UNLOCALIZED_PREFIXES } = require('./lib/routes.js');

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

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
    // Curator forms (server actions): a larger body is refused with 413 (server.js and the proxy check
    // Content-Length first). Import files do not travel in an action: they stream to /api/curator/imports.
    serverActions: { bodySizeLimit: FORM_BODY_LIMIT_BYTES },
    // What Next buffers of a body for the proxy: no more than the proxy lets through. The import upload is not
    // matched by the proxy, so its body is never buffered.
    proxyClientMaxBodySize: FORM_BODY_LIMIT_BYTES,
  },
  // Security headers on every response, fixed at build time (public pages get their own policy from server.js, pages
  // rendered per request from proxy.ts: docs/decisions/009). The map tile host comes from MAP_TILE_URL at build time;
  // the server refuses to start when the running MAP_TILE_URL differs (instrumentation.ts), and `npm start` rebuilds.
  async headers() {
    return configHeaders({
      mapTileUrl: (process.env.MAP_TILE_URL ?? DEFAULT_MAP_TILE_URL).trim(),
      production: process.env.NODE_ENV === 'production',
    });
  },
  // English lives at unprefixed URLs (/monuments/temple-of-bel), Arabic under /ar/…. A config rewrite keeps
  // this internal; next-intl's proxy rewrite was turned into a 307 loop by `next start` (vercel/next.js#94342).
  async rewrites() {
    return {
      beforeFiles: [
        { source: '/', destination: '/en' },
        // Feeds and preview images: addresses in a language that end in a file name (lib/routes.js).
        { source: `/:path(${LOCALIZED_FILE_SOURCES.join('|')})`, destination: '/en/:path' },
        // The sitemap index's parts, answered by the index's route (docs/feeds.md).
        { source: '/sitemap-:part(\\d{1,6}).xml', destination: '/sitemap.xml?part=:part' },
        // The list of dated releases is a page in a language, under the otherwise unlocalised /export/.
        { source: '/export/releases', destination: '/en/export/releases' },
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
