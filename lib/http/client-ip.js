// @ts-check
/**
 * The client address that rate limits, sign-in throttling and logs count by. TRUST_PROXY says how many proxies in
 * front of the registry are trusted to add an X-Forwarded-For hop: 0 (default) = the connection's own address, and
 * any X-Forwarded-For is ignored (anyone could write one); 1 = the last hop (the one nginx added); 2 = the one
 * before it (a CDN in front of nginx)… A request with fewer hops than that (one that bypassed a proxy) counts by the
 * earliest hop it has. Plain CommonJS (types in client-ip.d.ts): server.js and the sign-in code share it.
 */

/** Set by server.js on every request it passes to Next: the address it computed, after removing any client's copy. */
const CLIENT_ADDRESS_HEADER = 'x-registry-client-address';
/** Marks a process whose requests all went through server.js, so that the header above is its own. */
const SERVER_MARK = Symbol.for('heritage-registry.client-address-header');

/** @param {string | undefined} address */
function normalize(address) {
  const a = (address ?? '').trim();
  // An IPv4 client of a dual-stack socket appears as ::ffff:a.b.c.d: count it as a.b.c.d.
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice('::ffff:'.length) : a;
}

/**
 * TRUST_PROXY as a number of hops, or an error message (without the value). Unset or empty is 0.
 * @param {string | undefined} raw
 * @returns {{ ok: true, hops: number } | { ok: false, message: string }}
 */
function parseTrustProxy(raw) {
  if (raw === undefined || raw.trim() === '') return { ok: true, hops: 0 };
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n > 10)
    return {
      ok: false,
      message: 'TRUST_PROXY must be a whole number of trusted proxies from 0 to 10 (0 = none, 1 = nginx in front)',
    };
  return { ok: true, hops: n };
}

/**
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {string | undefined} socketAddress the connection's peer address
 * @param {number} [trustedHops] TRUST_PROXY
 * @returns {string}
 */
function clientIp(headers, socketAddress, trustedHops = 0) {
  const socket = normalize(socketAddress) || 'unknown';
  if (trustedHops <= 0) return socket;
  const raw = headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const hops = value
    .split(',')
    .map((h) => normalize(h))
    .filter(Boolean);
  if (hops.length === 0) return socket;
  return hops[Math.max(0, hops.length - trustedHops)] ?? socket;
}

/** Called once by server.js: from then on, this process trusts CLIENT_ADDRESS_HEADER (server.js sets it itself). */
function trustClientAddressHeader() {
  /** @type {any} */ (globalThis)[SERVER_MARK] = true;
}

/**
 * The client address of a request seen only through its headers (next-auth's authorize gets no socket): the one
 * server.js computed, else (a process not started by server.js, e.g. `next dev`) what the headers say under
 * TRUST_PROXY, with no connection address to fall back on.
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {number} trustedHops
 * @returns {string}
 */
function clientIpFromHeaders(headers, trustedHops) {
  const given = headers[CLIENT_ADDRESS_HEADER];
  if (/** @type {any} */ (globalThis)[SERVER_MARK] === true && typeof given === 'string' && given)
    return normalize(given);
  return clientIp(headers, undefined, trustedHops);
}

module.exports = {
  CLIENT_ADDRESS_HEADER,
  clientIp,
  clientIpFromHeaders,
  parseTrustProxy,
  trustClientAddressHeader,
};
