/** Types of lib/page-cache.js (plain CommonJS so that server.js can require it without a bundler). */
export interface CachedPage {
  status: number;
  headers: Record<string, string | string[] | number>;
  body: Buffer;
  gzipped: Buffer | null;
  etag: string;
  scope: string | null;
  bytes: number;
}

export class PageCache {
  constructor(options: { maxBytes: number });
  readonly bytes: number;
  readonly maxBytes: number;
  readonly epoch: number;
  readonly size: number;
  get(key: string): CachedPage | undefined;
  has(key: string): boolean;
  set(key: string, page: CachedPage, epoch: number): boolean;
  invalidate(scopes: string[]): void;
  purge(): void;
}
