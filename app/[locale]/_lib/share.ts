import { getTranslations } from 'next-intl/server';
import type { getMonumentBySlug } from '@/db/queries/monuments';
import type { Site } from '@/db/schema';
import { formatDay } from '@/lib/dates';
import { formatCountries } from '@/lib/i18n-format';
import type { PreviewCard } from '@/lib/preview-image';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH } from '@/lib/preview-image';
import { vocabLabel } from '@/lib/vocab';
import { config } from '@/lib/config';

type Monument = NonNullable<ReturnType<typeof getMonumentBySlug>>;
const both = async <T>(f: (locale: 'en' | 'ar') => Promise<T>) => ({ en: await f('en'), ar: await f('ar') });

/** What a monument's preview image shows, in both languages. */
export async function monumentCard(m: Monument): Promise<PreviewCard> {
  return {
    name: m.name,
    nameAr: m.nameAr,
    level: m.statusLevel,
    status: { en: vocabLabel('damageLevel', m.statusLevel, 'en'), ar: vocabLabel('damageLevel', m.statusLevel, 'ar') },
    context: await both(async (l) =>
      [
        vocabLabel('monumentKind', m.kind, l),
        (l === 'ar' && m.site.nameAr) || m.site.name,
        formatCountries(m.site.countryCodes, l),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    date: await both(async (l) => {
      const t = await getTranslations({ locale: l, namespace: 'changes' });
      return m.latestEventDate ? t('share.latestEvent', { date: formatDay(m.latestEventDate, l) }) : t('share.noEvent');
    }),
    registry: await both(async (l) => (await getTranslations({ locale: l, namespace: 'common' }))('siteTitle')),
  };
}

/** What a site's preview image shows, in both languages. */
export async function siteCard(s: Site, counts: { total: number; damaged: number }): Promise<PreviewCard> {
  return {
    name: s.name,
    nameAr: s.nameAr,
    level: null,
    status: await both(async (l) =>
      (await getTranslations({ locale: l, namespace: 'changes' }))('share.siteStatus', {
        damaged: counts.damaged,
        total: counts.total,
      }),
    ),
    context: await both(async (l) => formatCountries(s.countryCodes, l)),
    date: await both(async (l) => {
      const t = await getTranslations({ locale: l, namespace: 'site' });
      if (s.inDanger && s.inDangerSince) return t('inDangerSince', { year: String(s.inDangerSince) });
      return s.yearInscribed ? t('inscribed', { year: String(s.yearInscribed) }) : '';
    }),
    registry: await both(async (l) => (await getTranslations({ locale: l, namespace: 'common' }))('siteTitle')),
  };
}

/**
 * OpenGraph and Twitter card tags of a record's page: its name, a one-line description and the preview image (the
 * same image for both languages, at the English address so that one copy is drawn and kept).
 */
export function shareMetadata(options: {
  path: string;
  locale: string;
  title: string;
  description: string;
  imageAlt: string;
  type?: 'website' | 'article';
}) {
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  const url = `${base}${options.locale === 'ar' ? '/ar' : ''}${options.path}`;
  const image = {
    url: `${base}${options.path}/preview.png`,
    width: PREVIEW_WIDTH,
    height: PREVIEW_HEIGHT,
    alt: options.imageAlt,
    type: 'image/png',
  };
  return {
    description: options.description,
    openGraph: {
      type: options.type ?? 'website',
      url,
      title: options.title,
      description: options.description,
      locale: options.locale === 'ar' ? 'ar_SY' : 'en_GB',
      alternateLocale: options.locale === 'ar' ? ['en_GB'] : ['ar_SY'],
      images: [image],
    },
    twitter: {
      card: 'summary_large_image' as const,
      title: options.title,
      description: options.description,
      images: [{ url: image.url, alt: image.alt }],
    },
  };
}

/** The feed of a page's changes, as its `<link rel="alternate" type="application/atom+xml">`. */
export function feedAlternate(path: string, locale: string, title: string) {
  const base = config().PUBLIC_BASE_URL.replace(/\/$/, '');
  return { 'application/atom+xml': [{ url: `${base}${locale === 'ar' ? '/ar' : ''}${path}`, title }] };
}

/** A monument page's description, link-preview tags and feed link. */
export async function monumentShareMetadata(m: Monument, locale: string, title: string) {
  const t = await getTranslations({ locale, namespace: 'changes' });
  const level = vocabLabel('damageLevel', m.statusLevel, locale);
  const description = t('share.monumentDescription', {
    level,
    kind: vocabLabel('monumentKind', m.kind, locale).toLowerCase(),
    site: (locale === 'ar' && m.site.nameAr) || m.site.name,
  });
  return {
    ...shareMetadata({
      path: `/monuments/${m.slug}`,
      locale,
      title,
      description,
      imageAlt: t('share.imageAlt', { name: title, status: level }),
    }),
    feeds: feedAlternate(`/monuments/${m.slug}/changes.atom`, locale, t('feed.monumentTitle', { name: title })),
  };
}

/** A site page's description, link-preview tags and feed link. */
export async function siteShareMetadata(
  s: Site,
  counts: { total: number; damaged: number },
  locale: string,
  title: string,
) {
  const t = await getTranslations({ locale, namespace: 'changes' });
  const status = t('share.siteStatus', { damaged: counts.damaged, total: counts.total });
  return {
    ...shareMetadata({
      path: `/sites/${s.slug}`,
      locale,
      title,
      description: t('share.siteDescription', { status }),
      imageAlt: t('share.imageAlt', { name: title, status }),
    }),
    feeds: feedAlternate(`/sites/${s.slug}/changes.atom`, locale, t('feed.siteTitle', { name: title })),
  };
}
