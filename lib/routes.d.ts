/** Types of lib/routes.js (plain CommonJS so that server.js and next.config.js can require it). */
export type RouteKind =
  | 'public-page'
  | 'dynamic-page'
  | 'auth-page'
  | 'curator-page'
  | 'api'
  | 'download'
  | 'release'
  | 'auth'
  | 'curator-api'
  | 'health'
  | 'static'
  | 'redirect'
  | 'media';

export interface Route {
  name: string;
  pattern: string;
  file: string | null;
  kind: RouteKind;
  localized: boolean;
  scope?: 'all' | 'monument' | 'site';
  limit?: 'search' | 'api' | 'export';
  body: 'form' | 'small' | 'import';
  methods: string[];
}

export interface Match {
  route: Route;
  locale: 'en' | 'ar';
  params: Record<string, string>;
  scopeKey?: string;
}

export const ROUTES: Route[];
export const FALLBACK_PAGE_HEADER: string;
export const METHODS: Record<RouteKind, string[]>;
export const UNLOCALIZED_PREFIXES: string[];
export const LOCALIZED_FILE_SOURCES: string[];
export function classify(pathname: string): Match;
export function normalizeTarget(
  target: string,
): { ok: true; pathname: string; search: string } | { ok: false; problem: 'badAddress' };
export const SHARED_CACHE_CONTROL: string;
export const PRIVATE_CACHE_CONTROL: string;
