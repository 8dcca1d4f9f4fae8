// @ts-check
/**
 * Short refusals that server.js and the proxy answer before any page or route runs (400 bad address, 403 from
 * another site or without an Origin, 405 method, 408 body too slow, 411/413 body size, 429 too many requests): JSON in the registry's one error shape
 * (`{ "error": { "status", "message" } }`) for the API and downloads, a small page in the address's language for
 * everything else. Plain CommonJS (types in refusal.d.ts) so that server.js can require it without a bundler.
 */
const en = require('../../messages/en/limits.json');
const ar = require('../../messages/ar/limits.json');

/** @typedef {keyof typeof en} Problem */

/** @param {string} s */
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {string} text @param {Record<string, string | number>} values */
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));

/**
 * @param {string} pathname @param {number} status @param {Problem} problem
 * @param {Record<string, string | number>} [values]
 * @param {{ json?: boolean }} [options]  `json`: JSON whatever the address (answers no browser would cause)
 * @returns {{ status: number, headers: Record<string, string>, body: string }}
 */
function refusal(pathname, status, problem, values = {}, options = {}) {
  const arabic = pathname === '/ar' || pathname.startsWith('/ar/');
  const m = /** @type {{ title: string, body: string }} */ ((arabic ? ar : en)[problem]);
  const headers = { 'Cache-Control': 'no-store' };
  if (options.json || pathname.startsWith('/api/') || pathname.startsWith('/export/')) {
    const message = `${en[problem].title}: ${fill(en[problem].body, values)}`;
    return {
      status,
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ error: { status, message } }),
    };
  }
  const home = arabic ? '/ar' : '/';
  const html =
    `<!doctype html><html lang="${arabic ? 'ar' : 'en'}" dir="${arabic ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.title)}</title></head>` +
    `<body><main><h1>${escapeHtml(m.title)}</h1><p>${escapeHtml(fill(m.body, values))}</p>` +
    `<p><a href="${home}">${escapeHtml((arabic ? ar : en).tooManyRequests.home)}</a></p></main></body></html>`;
  return { status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}

module.exports = { refusal };
