import { getDb } from '@/db';
import { getSiteBySlug } from '@/db/queries/sites';
import { siteDamageCounts } from '@/db/queries/feeds';
import { withErrorHandling } from '@/lib/http/route';
import { errorResponse } from '@/lib/http/problem';
import { renderPreview } from '@/lib/preview-image';
import { SHARED_CACHE_CONTROL } from '@/lib/routes';
import { siteCard } from '../../../_lib/share';

export const dynamic = 'force-dynamic';

/**
 * GET /sites/{slug}/preview.png: the link-preview image of the site's page (1200×630 PNG). server.js keeps it like
 * the page, with an ETag, until the site's data changes.
 */
async function get(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const site = getSiteBySlug(db, slug);
  if (!site) return errorResponse(404, `No published site has the slug "${slug.slice(0, 100)}".`);
  const png = await renderPreview(await siteCard(site, siteDamageCounts(db, site.id)));
  return new Response(new Uint8Array(png), {
    headers: {
      'Content-Type': 'image/png',
      'Cache-Control': SHARED_CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export const GET = withErrorHandling('/[locale]/sites/[slug]/preview.png', get);
