/** Atom (RFC 4287) documents, built as text: the feeds of published changes (docs/feeds.md). */

export interface AtomEntry {
  /** A permanent, unique IRI (a tag: URI of the change). */
  id: string;
  title: string;
  /** RFC 3339 */
  updated: string;
  /** The record the change is about, when readers can open it. */
  link?: string;
  /** Plain text; each item a line. */
  summary: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  author: string;
  /** The feed's own address. */
  self: string;
  /** The page that shows the same changes. */
  alternate: string;
  lang: 'en' | 'ar';
  rights?: string;
  entries: AtomEntry[];
}

/** Escapes text for XML content and attribute values, and drops characters XML 1.0 cannot carry. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A stored timestamp ("2026-11-30T05:42:49.050Z" or SQLite's "2026-11-30 05:42:49") as RFC 3339. */
export function rfc3339(stored: string): string {
  const d = new Date(/Z$|[+-]\d\d:\d\d$/.test(stored) ? stored : `${stored.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00Z' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The whole feed document. */
export function atomFeed(feed: AtomFeed): string {
  const e = xmlEscape;
  const entries = feed.entries.map((entry) =>
    [
      '  <entry>',
      `    <id>${e(entry.id)}</id>`,
      `    <title type="text">${e(entry.title)}</title>`,
      `    <updated>${e(entry.updated)}</updated>`,
      entry.link ? `    <link rel="alternate" type="text/html" href="${e(entry.link)}"/>` : '',
      `    <summary type="text">${e(entry.summary.join('\n'))}</summary>`,
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.lang}">`,
    `  <id>${e(feed.id)}</id>`,
    `  <title type="text">${e(feed.title)}</title>`,
    feed.subtitle ? `  <subtitle type="text">${e(feed.subtitle)}</subtitle>` : '',
    `  <updated>${e(feed.updated)}</updated>`,
    `  <author><name>${e(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${e(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(feed.alternate)}"/>`,
    feed.rights ? `  <rights type="text">${e(feed.rights)}</rights>` : '',
    ...entries,
    '</feed>',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}
