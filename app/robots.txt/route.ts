import { config } from '@/lib/config';
import { SHARED_CACHE_CONTROL } from '@/lib/routes';

export const dynamic = 'force-dynamic';

/** GET /robots.txt: what crawlers may read, and where the sitemap index is (at PUBLIC_BASE_URL). */
export function GET() {
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  const body = [
    'User-agent: *',
    'Allow: /',
    'Disallow: /admin',
    'Disallow: /ar/admin',
    'Disallow: /api/',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': SHARED_CACHE_CONTROL },
  });
}
