/** Types of lib/suggest.js (plain CommonJS so that server.js can require it). */
import type { Suggestion } from '../db/queries/suggest';

export interface SuggestParams {
  q: string;
  locale: 'en' | 'ar';
  limit: number;
}
export function parseSuggestParams(
  params: URLSearchParams,
): { ok: true; value: SuggestParams } | { ok: false; errors: Record<string, string> };

interface SuggestionLink {
  path: string;
  url: string;
  api_url: string;
}
export type SuggestionJson = SuggestionLink & {
  type: 'monument' | 'site';
  slug: string;
  name: string;
  other_name: string | null;
  kind: string | null;
  status: string | null;
  in_danger?: boolean;
  site: { slug: string; name: string; other_name: string | null } | null;
};
export function suggestionsJson(
  found: Suggestion[],
  params: SuggestParams,
  baseUrl: string,
): { data: SuggestionJson[]; meta: { q: string; locale: 'en' | 'ar'; limit: number; count: number } };
export const SUGGEST_HEADERS: Record<string, string>;
export const DEFAULT_LIMIT: number;
export const MAX_LIMIT: number;
