import { withErrorHandling } from '@/lib/http/route';
import { changesFeed } from '../_lib/changes-feed';

export const dynamic = 'force-dynamic';

/** GET /changes.atom (and /ar/changes.atom): published changes, with /changes's filters (?country=SY, ?site=…). */
async function get(request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  return changesFeed(request, locale, { kind: 'all' });
}

export const GET = withErrorHandling('/[locale]/changes.atom', get);
