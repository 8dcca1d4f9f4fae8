import { getDb } from '@/db';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { withErrorHandling } from '@/lib/http/route';
import { errorResponse } from '@/lib/http/problem';
import { renderPreview } from '@/lib/preview-image';
import { SHARED_CACHE_CONTROL } from '@/lib/routes';
import { monumentCard } from '../../../_lib/share';

export const dynamic = 'force-dynamic';

/**
 * GET /monuments/{slug}/preview.png: the link-preview image of the monument's page (1200×630 PNG). server.js keeps it like
 * the page, with an ETag, until the monument's data changes.
 */
async function get(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const monument = getMonumentBySlug(db, slug);
  if (!monument || monument.site.deletedAt)
    return errorResponse(404, `No published monument has the slug "${slug.slice(0, 100)}".`);
  const png = await renderPreview(await monumentCard(monument));
  return new Response(new Uint8Array(png), {
    headers: {
      'Content-Type': 'image/png',
      'Cache-Control': SHARED_CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export const GET = withErrorHandling('/[locale]/monuments/[slug]/preview.png', get);
