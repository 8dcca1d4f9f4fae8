import { getDb } from '@/db';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { listPublishedReportsForMonument } from '@/db/queries/reports';
import { monumentDetailJson } from '@/lib/api-format';
import { listEvidenceForReports } from '@/db/queries/evidence-images';
import { notFound, ok } from '../../_lib/respond';
import { withErrorHandling } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET /api/v1/monuments/{slug}: one monument with its published reports, each with its sources and their stance
 * and its evidence images. */
async function get(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const monument = getMonumentBySlug(db, slug);
  if (!monument || monument.site.deletedAt)
    return notFound(`No published monument has the slug "${slug.slice(0, 100)}".`);
  const reports = listPublishedReportsForMonument(db, monument.id);
  const evidence = listEvidenceForReports(
    db,
    reports.map((r) => r.id),
  );
  return ok(monumentDetailJson(monument, reports, evidence));
}

export const GET = withErrorHandling('/api/v1/monuments/[slug]', get);
