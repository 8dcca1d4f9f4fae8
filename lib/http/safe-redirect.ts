/**
 * The one check for every address the registry sends a browser to from user input (the sign-in page's callbackUrl,
 * the guard's return address, sign-out's destination, next-auth's redirect callback). No imports: the sign-in form
 * runs it in the browser too.
 *
 * A target is followed only when the WHATWG URL parser, the one browsers use, resolves it against the site's own
 * origin to that same origin. Prefix checks ("starts with / but not //") miss what browsers do to an address before
 * following it: they drop tabs and newlines and read a backslash as a slash, so "/\t/evil.example" and
 * "/\\evil.example" lead to another host.
 */

// Control characters and the backslash are never part of an address this site writes: any of them is an attempt.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SUSPICIOUS = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * `value` as a path on `origin` (path + query + fragment), or null when it is not one: empty, not a string, too long,
 * padded with spaces, holding control characters or backslashes (raw or percent-encoded), unparseable, or resolving
 * to another origin (as written, or once percent-decoded).
 */
export function safeRedirectPath(value: unknown, origin: string): string | null {
  if (typeof value !== 'string' || value === '' || value.length > 2000 || value.trim() !== value) return null;
  const decoded = decodeSafely(value);
  if (SUSPICIOUS.test(value) || SUSPICIOUS.test(decoded)) return null;
  let own: URL;
  try {
    own = new URL(origin);
  } catch {
    return null;
  }
  const path = onOrigin(value, own);
  // Decoded once more ("/%2F/evil.example" is "//evil.example" to whatever decodes it next), it must stay here too.
  if (path === null || (decoded !== value && onOrigin(decoded, own) === null)) return null;
  return path;
}

/** `value` resolved against `own`, as path + query + fragment, if it stays on that origin; else null. */
function onOrigin(value: string, own: URL): string | null {
  let url: URL;
  try {
    url = new URL(value, own);
  } catch {
    return null;
  }
  if (url.origin !== own.origin || url.username || url.password) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalizes to the path "//evil.example", which a browser reads as another host: resolve the
  // answer once more, as the browser will, and keep it only if it stays here.
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  try {
    return new URL(path, own).origin === own.origin ? path : null;
  } catch {
    return null;
  }
}

/** `value` as a path on `origin`, or `fallback` (a path this site chose) when it is not a safe one. */
export function redirectPath(value: unknown, origin: string, fallback: string): string {
  return safeRedirectPath(value, origin) ?? fallback;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '\u0000'; // malformed percent-encoding: refused
  }
}
