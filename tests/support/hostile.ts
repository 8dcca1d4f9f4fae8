/**
 * Hostile values, shared by the unit tests (parsers and queries) and tests/e2e/hostile.test.ts (every route and
 * form). Each is a string a client can send; RAW_ENCODED are already percent-encoded and are not UTF-8 (or not
 * percent-encoding at all), so they can only travel raw in a URL.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  // FTS5 query syntax
  '"unbalanced',
  'bel*',
  '*',
  'NEAR(bel temple, 2)',
  'bel AND OR NOT',
  '^bel',
  'name:bel',
  '{name description}: bel',
  '(((',
  '-bel',
  '""',
  'bel NOT',
  // SQL fragments
  "' OR '1'='1",
  '1; DROP TABLE reports; --',
  "%' UNION SELECT password_hash FROM users --",
  '\\',
  '\u0000',
  "'; PRAGMA writable_schema=1; --",
  // markup and script
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  // numbers
  '-1',
  '0',
  '99999999999999999999',
  '1e5',
  '1.5',
  'NaN',
  'Infinity',
  '0x10',
  ' 2 ',
  '1,2',
  // vocabulary codes
  'nuked',
  'DESTROYED',
  'destroyed,nuked',
  'destroyed,,',
  ',',
  // dates
  '2015-13-45',
  '2015-02-30',
  '99999',
  '-2015',
  '2015/08/30',
  '20150830',
  'yesterday',
  '2015-08-30T00:00:00Z',
  '2015-8-3',
  // Unicode oddities: right-to-left override, zero-width joiner, combining marks, emoji, Arabic
  '\u202Eevil\u202C',
  'a\u200Db',
  'e\u0301\u0301\u0301',
  '🏛️💥',
  'معبد" OR "1"="1',
  // long: 8 kB reaches the app (and must be refused politely); 100 kB is longer than a URL may be
  'a'.repeat(8_000),
  'b'.repeat(100_000),
];

export const RAW_ENCODED: readonly string[] = ['%C3%28', '%FF', '%', '%E0%A4%A', '%ED%A0%80', '%00', '%C0%AF'];
