import { getDb } from '@/db';
import { checkDatabaseHealth } from '@/db/queries/health';
import { withErrorHandling } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

function get() {
  let health;
  try {
    health = checkDatabaseHealth(getDb());
  } catch (error) {
    health = { reachable: false, migrated: false, error: (error as Error).message };
  }
  const ok = health.reachable && health.migrated;
  return Response.json(
    { status: ok ? 'ok' : 'error', database: health },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const GET = withErrorHandling('/api/health', get);
