import { withErrorHandling } from '@/lib/http/route';
import { changesFeed } from '../../../_lib/changes-feed';

export const dynamic = 'force-dynamic';

/** GET /monuments/{slug}/changes.atom: published changes to the monument and its reports. */
async function get(request: Request, { params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug } = await params;
  return changesFeed(request, locale, { kind: 'monument', slug });
}

export const GET = withErrorHandling('/[locale]/monuments/[slug]/changes.atom', get);
