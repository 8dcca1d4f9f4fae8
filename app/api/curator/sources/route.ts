import { getDb } from '@/db';
import { listSourcesForCurator } from '@/db/queries/sources';
import { readScope, requireRole } from '@/lib/auth';
import { withErrorHandling } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * Sources matching ?q= (title, publisher or URL), for the report form's source picker: those the curator reads (a
 * contributor: public sources and their own). Curators only: 401 / 403 otherwise.
 */
async function get(request: Request) {
  const user = await requireRole('contributor', { api: true });
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 200) || undefined;
  const sources = listSourcesForCurator(getDb(), { q, limit: 50, scope: readScope(user) });
  return Response.json(
    { sources: sources.map(({ version: _v, deletedAt: _d, ...s }) => s) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export const GET = withErrorHandling('/api/curator/sources', get);
