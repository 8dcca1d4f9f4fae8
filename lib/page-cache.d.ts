/** Types of lib/page-cache.js (plain CommonJS so that server.js can require it without a bundler). */
export interface CachedPage {
  status: number;
  headers: Record<string, string | string[]>;
  parts: Buffer[];
  bytes: number;
  expiresAt: number;
}

export class PageCache {
  constructor(options: { maxBytes: number });
  readonly bytes: number;
  readonly maxBytes: number;
  readonly generation: number;
  get(key: string): CachedPage | undefined;
  set(key: string, page: CachedPage, generation: number): void;
  purge(): void;
}

export function installPageCache(cache: PageCache): void;
export function purgePageCache(): void;
