import { getDb } from '@/db';
import { checkDatabaseHealth } from '@/db/queries/health';

export const dynamic = 'force-dynamic';

export function GET() {
  let health;
  try {
    health = checkDatabaseHealth(getDb());
  } catch (error) {
    health = { reachable: false, migrated: false, error: (error as Error).message };
  }
  const ok = health.reachable && health.migrated;
  return Response.json({ status: ok ? 'ok' : 'error', database: health }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
