/** Types of db/queries/suggest.js (plain CommonJS so that server.js can require it). */
import type { Database } from 'better-sqlite3';

export interface MonumentSuggestion {
  type: 'monument';
  slug: string;
  name: string;
  nameAr: string | null;
  kind: string;
  status: string;
  siteSlug: string;
  siteName: string;
  siteNameAr: string | null;
}
export interface SiteSuggestion {
  type: 'site';
  slug: string;
  name: string;
  nameAr: string | null;
  inDanger: boolean;
}
export type Suggestion = MonumentSuggestion | SiteSuggestion;

export function findSuggestions(client: Database, options: { q: string; limit: number }): Suggestion[];
export function writeSuggestNames(client: Database, entry: number, names: string[] | null): void;
export function nameKeys(names: string[]): [0 | 1, string][];
export function queryPrefixes(q: string): string[];
export function monumentEntry(id: number): number;
export function siteEntry(id: number): number;
export const MIN_LETTERS: number;
