import { z } from 'zod';
import { DEFAULT_MAP_TILE_URL, tileSource } from './http-policy';
import { parseTrustProxy } from './http/client-ip';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
/** Requests a minute per client address; 0 turns the limit off. */
const perMinute = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a whole number of requests a minute (0 = no limit)' })
    .int('expected a whole number of requests a minute (0 = no limit)')
    .min(0, 'expected 0 or more')
    .max(1_000_000, 'expected at most 1000000')
    .default(fallback);
/** A whole number within bounds (server.js checks the same ones: it cannot import this file). */
const bounded = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`)
    .default(fallback);
const expressibleInCsp = (v: string) => {
  try {
    tileSource(v);
    return true;
  } catch {
    return false;
  }
};
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

/** Environment, validated once at start-up; every variable is documented in .env.example. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default('./data/registry.db'),
  // Unset: the address a browser on this machine uses (the server says so once at start).
  PUBLIC_BASE_URL: z
    .url({ message: 'PUBLIC_BASE_URL must be an absolute URL such as https://registry.example.org' })
    .default(() => `http://localhost:${Number(process.env.PORT) || 3000}`),
  DATA_LICENCE: z.string().min(1).default('CC BY 4.0'),
  DATA_LICENCE_URL: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
  // Empty (set but blank): no tile server; the maps show the offline atlas shipped with the app, and say so.
  MAP_TILE_URL: z
    .string()
    .trim()
    .default(DEFAULT_MAP_TILE_URL)
    .refine(
      expressibleInCsp,
      'MAP_TILE_URL must be an http(s) URL template such as https://{s}.tile.example.org/{z}/{x}/{y}.png, a path on this site, or empty for no tiles',
    ),
  MAP_TILE_ATTRIBUTION: z.string().min(1).default('© OpenStreetMap contributors'),
  // Curators' sign-in (next-auth). AUTH_SECRET signs the session cookies; NEXTAUTH_SECRET is accepted as its older name.
  AUTH_SECRET: z
    .string()
    .trim()
    .min(32, 'AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NEXTAUTH_SECRET: z
    .string()
    .trim()
    .min(32, 'NEXTAUTH_SECRET must be at least 32 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NEXTAUTH_URL: z
    .url({ message: 'NEXTAUTH_URL must be an absolute URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SESSION_MAX_AGE_HOURS: positiveInt(24 * 7),
  // A curator's session also ends after this long without a request (besides SESSION_MAX_AGE_HOURS after sign-in).
  SESSION_IDLE_MINUTES: positiveInt(120),
  // Sign-in throttling (lib/sign-in-throttle.ts, never an account lock): free failures per account and address,
  // failures per address over all accounts before a block, and the longest wait (and block) in minutes.
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_IP_MAX_FAILURES: positiveInt(20),
  LOGIN_LOCK_MINUTES: positiveInt(15),
  // Proxies in front whose X-Forwarded-For hop is believed (lib/http/client-ip.js): 0 = none, 1 = nginx, 2 = CDN + nginx.
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const parsed = parseTrustProxy(raw);
      if (parsed.ok) return parsed.hops;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
  // Per client address (docs/operating.md "Limits"): the search page, the JSON API, downloads. Cached pages are never limited.
  RATE_LIMIT_SEARCH_PER_MINUTE: perMinute(300),
  RATE_LIMIT_API_PER_MINUTE: perMinute(600),
  RATE_LIMIT_EXPORT_PER_MINUTE: perMinute(60),
  // Public submissions ("Send evidence or a correction", lib/records/submission.ts): how many one client address may
  // send in an hour (0 = no limit), and the least time in seconds between opening the form and sending it.
  RATE_LIMIT_SUBMIT_PER_HOUR: bounded(5, 0, 10_000),
  SUBMIT_MIN_FILL_SECONDS: bounded(3, 0, 3600),
  ADMIN_EMAIL: optionalText,
  ADMIN_PASSWORD: z.string().optional(),
  // Bulk import (/admin/import, npm run import): the largest file in bytes, the most data rows, and how long an
  // uploaded file waits for its commit after the dry run.
  IMPORT_MAX_BYTES: positiveInt(100 * 1024 * 1024),
  IMPORT_MAX_ROWS: positiveInt(200_000),
  IMPORT_UPLOAD_TTL_MINUTES: positiveInt(60),
  // Connections (server.js applies them; checked here too so that `npm start` names a bad one first): how long a
  // client may take to send its headers and its body (an import upload gets one more second per
  // UPLOAD_MIN_BYTES_PER_SECOND of its size), how long an idle connection stays open, and how many one worker holds.
  HEADERS_TIMEOUT_SECONDS: bounded(20, 1, 3600),
  BODY_TIMEOUT_SECONDS: bounded(30, 1, 3600),
  UPLOAD_MIN_BYTES_PER_SECOND: bounded(64 * 1024, 1024, 1024 * 1024 * 1024),
  KEEP_ALIVE_TIMEOUT_SECONDS: bounded(5, 1, 3600),
  MAX_CONNECTIONS_PER_WORKER: bounded(1000, 1, 1_000_000),
  // Megabytes of finished public pages each worker keeps (server.js; the least recently used make room).
  PAGE_CACHE_MB: bounded(256, 8, 65536),
  // Addresses per part of the sitemap index (docs/feeds.md): 50,000 is the most the sitemap protocol allows.
  SITEMAP_URLS_PER_FILE: bounded(50_000, 10, 50_000),
  // Evidence images (lib/evidence-images): the folder their variants are kept in (unset: `evidence` next to the
  // database file), the largest upload in bytes, and the most pixels (width × height) an image may decode to.
  EVIDENCE_DIR: optionalText,
  EVIDENCE_MAX_BYTES: bounded(25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  EVIDENCE_MAX_PIXELS: bounded(50_000_000, 10_000, 1_000_000_000),
});
export type Config = z.infer<typeof Env>;

let cached: Config | undefined;

/** The validated configuration; throws a message naming each bad variable. */
export function config(): Config {
  if (cached) return cached;
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    // Never print a value: some of these variables are secrets.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** The URL next-auth builds its callback and cookie settings from: NEXTAUTH_URL, else PUBLIC_BASE_URL. */
export function authUrl(): string {
  const c = config();
  return (c.NEXTAUTH_URL ?? c.PUBLIC_BASE_URL).replace(/\/$/, '');
}

/** Forgets the validated configuration so the next `config()` reads the environment again (tests change it). */
export function resetConfig(): void {
  cached = undefined;
}
