import { jsonLdText } from '@/lib/json-ld';

/**
 * Structured data for search engines. Browsers never run a script of this type; server.js still lists its hash in the
 * page's policy like any inline script, so nothing is refused.
 */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />;
}
