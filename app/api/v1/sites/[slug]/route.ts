import { getDb } from '@/db';
import { getSiteBySlug } from '@/db/queries/sites';
import { searchMonuments } from '@/db/queries/search';
import { emptyFilters } from '@/lib/filters';
import { MAX_PAGE } from '@/lib/search-params';
import { siteDetailJson } from '@/lib/api-format';
import { notFound, ok } from '../../_lib/respond';
import { withErrorHandling } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET /api/v1/sites/{slug}: one site with all its monuments (summaries; follow each api_url for its reports). */
async function get(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const site = getSiteBySlug(db, slug);
  if (!site) return notFound(`No published site has the slug "${slug.slice(0, 100)}".`);
  const monuments = searchMonuments(
    db,
    { ...emptyFilters, site: [site.slug] },
    { sort: 'name', page: 1, perPage: MAX_PAGE },
  );
  return ok(siteDetailJson(site, monuments.rows));
}

export const GET = withErrorHandling('/api/v1/sites/[slug]', get);
