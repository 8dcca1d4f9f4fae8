import { getDb } from '@/db';
import { findSiteChoices } from '@/db/queries/curator-lookup';
import { requireUser } from '@/lib/auth';
import { withErrorHandling } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Matches shown at once: a picker, not a list of every site (the curator types on to narrow it). */
const LIMIT = 10;

/**
 * Sites whose names (English, Arabic or French) match ?q=, for the monument form's site picker. Curators only: 401
 * otherwise; never stored by any cache.
 */
async function get(request: Request) {
  await requireUser({ api: true });
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const sites = q ? findSiteChoices(getDb(), q, LIMIT) : [];
  return Response.json({ sites }, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = withErrorHandling('/api/curator/sites', get);
