/**
 * Intl formatters are costly to make and cheap to use: made anew for every date, they took a tenth of a monument
 * page's render (a CPU profile of server.js). Each is made once per locale and options, and kept (a few dozen in all).
 */
const made = new Map<string, unknown>();

export function cachedFormatter<T>(key: string, make: () => T): T {
  let formatter = made.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make();
    made.set(key, formatter);
  }
  return formatter;
}
