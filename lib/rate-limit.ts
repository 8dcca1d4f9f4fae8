/**
 * Token buckets per client address, in the memory of the one Node process that serves the registry (README
 * "Limits"). Each bucket holds up to `perMinute` tokens and refills at `perMinute` a minute, so a client may make a
 * burst of a minute's allowance at once and then keep the steady rate. A restart forgets every bucket; several
 * server processes would each count on their own.
 */
export type LimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket { tokens: number; at: number }

/** Buckets idle long enough to be full again are forgotten once there are this many, so memory stays bounded. */
const SWEEP_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `perMinute` 0 means no limit. */
  constructor(readonly perMinute: number) {}

  /** Takes one token for `key` at time `now` (ms). */
  take(key: string, now = Date.now()): LimitDecision {
    if (this.perMinute <= 0) return { ok: true, remaining: Infinity };
    const capacity = this.perMinute;
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    const fullAfterMs = 60_000;
    for (const [key, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(key);
    // Still full of active clients (an attack from many addresses): start afresh rather than grow without bound.
    if (this.buckets.size >= SWEEP_AT) this.buckets.clear();
  }
}

export type LimitedEndpoint = 'search' | 'api' | 'export';

/**
 * Which limit a request path falls under, or null for everything else (cached pages are never limited). The search
 * page is `/monuments` and `/ar/monuments` (not the monument pages below it).
 */
export function limitedEndpoint(pathname: string): LimitedEndpoint | null {
  if (/^(?:\/ar)?\/monuments\/?$/.test(pathname)) return 'search';
  if (pathname.startsWith('/api/v1/') || pathname === '/api/v1') return 'api';
  if (pathname.startsWith('/export/')) return 'export';
  return null;
}
