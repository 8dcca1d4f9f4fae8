/** Types of lib/http-policy.js (plain CommonJS so that next.config.js can require it). */
export interface HeaderEntry {
  key: string;
  value: string;
}

export const FORM_BODY_LIMIT_BYTES: number;
export const SMALL_BODY_LIMIT_BYTES: number;
export const DEFAULT_MAP_TILE_URL: string;
export function tileSource(template: string): string | null;
export function contentSecurityPolicy(options: {
  mapTileUrl: string;
  nonce?: string;
  scriptHashes?: string[];
  development?: boolean;
}): string;
export function commonSecurityHeaders(options: { production: boolean }): HeaderEntry[];
export function configHeaders(options: {
  mapTileUrl: string;
  production: boolean;
}): { source: string; headers: HeaderEntry[] }[];
export const API_CONTENT_SECURITY_POLICY: string;
export const EVIDENCE_CONTENT_SECURITY_POLICY: string;
export const HSTS: string;
export const PERMISSIONS_POLICY: string;
