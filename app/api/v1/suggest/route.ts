import { getDb } from '@/db';
import { findSuggestions } from '@/db/queries/suggest';
import { config } from '@/lib/config';
import { parseSuggestParams, SUGGEST_HEADERS, suggestionsJson } from '@/lib/suggest';
import { withErrorHandling } from '@/lib/http/route';
import { badRequest } from '../_lib/respond';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/suggest?q=…&locale=en|ar&limit=…: monuments and sites whose names begin with the text typed (docs/api.md).
 * server.js answers valid requests itself with the same code (lib/suggest.js); this route answers the rest, and every
 * request when Next runs alone (`next dev`).
 */
function get(request: Request) {
  const parsed = parseSuggestParams(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(parsed.errors);
  const found = findSuggestions(getDb().$client, parsed.value);
  return Response.json(suggestionsJson(found, parsed.value, config().PUBLIC_BASE_URL), { headers: SUGGEST_HEADERS });
}

export const GET = withErrorHandling('/api/v1/suggest', get);
