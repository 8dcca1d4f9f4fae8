// @ts-check
/**
 * The client address that rate limits and sign-in throttling count by: the last X-Forwarded-For hop (the one the
 * nearest proxy added), else X-Real-IP, else the connection's address. Plain CommonJS (types in client-ip.d.ts):
 * server.js, the proxy and the sign-in code share it.
 * @param {Record<string, string | string[] | undefined>} headers
 * @param {string} [socketAddress]
 * @returns {string}
 */
function clientIp(headers, socketAddress) {
  const raw = headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const hops = value
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.at(-1) ?? headers['x-real-ip']?.toString() ?? socketAddress ?? 'unknown';
}

module.exports = { clientIp };
