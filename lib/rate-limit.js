// @ts-check
/**
 * Token buckets per client address (docs/operating.md "Limits"). Each bucket holds up to `perMinute` tokens and refills at
 * `perMinute` a minute, so a client may make a burst of a minute's allowance at once and then keep the steady rate.
 * With several workers (WEB_CONCURRENCY > 1) the buckets live in the primary process and every worker asks it
 * (server.js), so a client's allowance is the same however its connections are spread; a restart forgets them.
 *
 * Plain CommonJS (types in rate-limit.d.ts): server.js loads it without a bundler.
 */

/** Buckets idle long enough to be full again are forgotten once there are this many, so memory stays bounded. */
const SWEEP_AT = 10_000;

/** @typedef {{ ok: true, remaining: number } | { ok: false, retryAfterSeconds: number }} LimitDecision */

class RateLimiter {
  /** `perMinute` 0 means no limit. @param {number} perMinute */
  constructor(perMinute) {
    this.perMinute = perMinute;
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map();
  }

  /**
   * Takes one token for `key` at time `now` (ms).
   * @param {string} key @param {number} [now]
   * @returns {LimitDecision}
   */
  take(key, now = Date.now()) {
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

  get size() {
    return this.buckets.size;
  }

  /** @param {number} now */
  sweep(now) {
    const fullAfterMs = 60_000;
    for (const [key, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(key);
    // Still full of active clients (an attack from many addresses): start afresh rather than grow without bound.
    if (this.buckets.size >= SWEEP_AT) this.buckets.clear();
  }
}

/** @typedef {'search' | 'api' | 'export'} LimitedEndpoint */

const LIMIT_VARIABLES = /** @type {const} */ ({
  search: 'RATE_LIMIT_SEARCH_PER_MINUTE',
  api: 'RATE_LIMIT_API_PER_MINUTE',
  export: 'RATE_LIMIT_EXPORT_PER_MINUTE',
});
const LIMIT_DEFAULTS = /** @type {const} */ ({ search: 300, api: 600, export: 60 });

/**
 * One limiter per kind of request, with the allowance of its RATE_LIMIT_*_PER_MINUTE variable (validated at start
 * by lib/config.ts; the defaults are the same).
 * @param {Record<string, string | undefined>} env
 */
function limitersFrom(env) {
  /** @type {Record<LimitedEndpoint, RateLimiter>} */
  const limiters = /** @type {any} */ ({});
  for (const [endpoint, variable] of Object.entries(LIMIT_VARIABLES)) {
    const raw = env[variable];
    const perMinute =
      raw === undefined || raw === '' ? LIMIT_DEFAULTS[/** @type {LimitedEndpoint} */ (endpoint)] : Number(raw);
    limiters[/** @type {LimitedEndpoint} */ (endpoint)] = new RateLimiter(Number.isFinite(perMinute) ? perMinute : 0);
  }
  return limiters;
}

module.exports = { RateLimiter, limitersFrom, LIMIT_DEFAULTS };
