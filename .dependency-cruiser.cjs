/**
 * The direction of imports (`npm run lint` checks it; tests/unit/layers.test.ts checks that a bad import fails):
 *
 *   domain (lib/: vocabularies, rules, formats; no database)  ←  db/ (data access)  ←  services (lib/auth, lib/import,
 *   lib/export, lib/records: work that reads and writes the database)  ←  app/, components/, proxy.ts
 *
 * A lower layer never imports a higher one. Type-only imports count as well, except domain code may name the types
 * of database rows it formats. The proxy runs on every matched request: it stays free of the database and of
 * password hashing.
 */
const DOMAIN = '^lib/(?!(auth|import|export|records)/)';
const SERVICES = '^lib/(auth|import|export|records)/';
// Pure parts of service folders that the database layer may use: export columns, import cell formats, and the
// records' field declarations (the export's columns are built from the monument's plain fields).
const PURE_IN_SERVICES =
  '^lib/(export/columns|import/(cells|csv|decode|english|fields|html|messages|types|whc)|records/(monument|plain-fields|rules))\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-stays-pure',
      comment: 'Domain code (lib/ outside the service folders) must not reach the database, services or the app.',
      severity: 'error',
      from: { path: DOMAIN },
      to: {
        path: ['^db/', SERVICES, '^app/', '^components/'],
        pathNot: PURE_IN_SERVICES,
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'pure-parts-stay-pure',
      comment:
        'The pure parts of service folders (PURE_IN_SERVICES) never reach the database, other services or the app.',
      severity: 'error',
      from: { path: PURE_IN_SERVICES },
      to: {
        path: ['^db/', SERVICES, '^app/', '^components/'],
        pathNot: PURE_IN_SERVICES,
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'db-below-services',
      comment: 'Data access (db/) must not import services or the app.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: [SERVICES, '^app/', '^components/'], pathNot: PURE_IN_SERVICES },
    },
    {
      name: 'services-below-app',
      comment: 'Services must not import pages, routes or components.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: ['^app/', '^components/'] },
    },
    {
      name: 'components-without-data-access',
      comment: 'Components get their data from pages; data access lives in db/.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^db/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'light-proxy',
      comment: 'The proxy runs on every matched request: no database, no password hashing in its bundle.',
      severity: 'error',
      from: { path: '^proxy\\.ts$' },
      to: { path: ['^db/', SERVICES, 'node_modules/(better-sqlite3|@node-rs/argon2)'], pathNot: PURE_IN_SERVICES },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|node_modules|tests/fixtures)/' },
    tsPreCompilationDeps: true,
    // The project's path aliases (@/…); a fixture tree without a tsconfig (the layer test's) resolves plain paths.
    ...(require('node:fs').existsSync('tsconfig.json') ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json', '.d.ts'] },
  },
};
