/** Types of lib/rate-limit.js (plain CommonJS so that server.js can require it without a bundler). */
export type LimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };
export type LimitedEndpoint = 'search' | 'api' | 'export';

export class RateLimiter {
  constructor(perMinute: number);
  readonly perMinute: number;
  readonly size: number;
  take(key: string, now?: number): LimitDecision;
}

export function limitersFrom(env: Record<string, string | undefined>): Record<LimitedEndpoint, RateLimiter>;
export const LIMIT_DEFAULTS: Record<LimitedEndpoint, number>;
