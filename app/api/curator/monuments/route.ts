import { getDb } from '@/db';
import { findMonumentChoices } from '@/db/queries/curator-lookup';
import { readScope, requireRole } from '@/lib/auth';
import { withErrorHandling } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Matches shown at once: a picker, not a search page (the curator types on to narrow it). */
const LIMIT = 10;

/**
 * Monuments whose names (in any language) match ?q=, for the report form's monument picker, each with its latest
 * report (for "start from the previous report"). Curators only: 401 / 403 otherwise; never stored by any cache.
 */
async function get(request: Request) {
  const user = await requireRole('contributor', { api: true });
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 200) ?? '';
  const monuments = q ? findMonumentChoices(getDb(), q, LIMIT, readScope(user)) : [];
  return Response.json({ monuments }, { headers: { 'Cache-Control': 'no-store' } });
}

export const GET = withErrorHandling('/api/curator/monuments', get);
