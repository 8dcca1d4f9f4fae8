import { withErrorHandling } from '@/lib/http/route';
import { changesFeed } from '../../../_lib/changes-feed';

export const dynamic = 'force-dynamic';

/** GET /sites/{slug}/changes.atom: published changes to the site, its monuments and their reports. */
async function get(request: Request, { params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug } = await params;
  return changesFeed(request, locale, { kind: 'site', slug });
}

export const GET = withErrorHandling('/[locale]/sites/[slug]/changes.atom', get);
