import {
  evidenceLicenceLabels,
  evidenceUrl,
  evidenceVariants,
  type EvidenceLicence,
  type VariantSizes,
} from '@/lib/evidence-images/kinds';
import { formatDay } from '@/lib/dates';

/** What a page shows of one evidence image (a public row). */
export interface EvidenceView {
  id: number;
  kind: string;
  captionEn: string | null;
  captionAr: string | null;
  altText: string;
  credit: string;
  licence: EvidenceLicence;
  takenDate: string | null;
  sha256: string;
  variants: VariantSizes;
}

export interface EvidenceLabels {
  credit: string;
  licence: string;
  taken: string;
}

/** Below the main column at most about 60rem wide; the browser picks the smallest file that fills it. */
export const EVIDENCE_SIZES = '(min-width: 64rem) 60rem, 100vw';

const srcset = (e: EvidenceView, format: 'avif' | 'webp' | 'jpg') =>
  evidenceVariants.map((v) => `${evidenceUrl(e.sha256, v, format)} ${e.variants[v].width}w`).join(', ');

/**
 * An image in AVIF or WebP where the browser reads them, JPEG otherwise, at the size the layout needs, with its
 * width and height so the page does not move as it loads; lazy unless it is near the top of the page.
 */
export function EvidencePicture({
  evidence: e,
  lazy = true,
  sizes = EVIDENCE_SIZES,
}: {
  evidence: EvidenceView;
  lazy?: boolean;
  sizes?: string;
}) {
  const page = e.variants.page;
  return (
    <picture>
      <source type="image/avif" srcSet={srcset(e, 'avif')} sizes={sizes} />
      <source type="image/webp" srcSet={srcset(e, 'webp')} sizes={sizes} />
      <img
        src={evidenceUrl(e.sha256, 'page', 'jpg')}
        srcSet={srcset(e, 'jpg')}
        sizes={sizes}
        width={page.width}
        height={page.height}
        alt={e.altText}
        loading={lazy ? 'lazy' : 'eager'}
        decoding="async"
      />
    </picture>
  );
}

/** Caption (in the page's language when there is one), credit, licence and date, for any figure of evidence. */
export function EvidenceCaption({
  evidence: e,
  locale,
  labels,
  prefix,
}: {
  evidence: EvidenceView;
  locale: string;
  labels: EvidenceLabels;
  prefix?: string;
}) {
  const caption = locale === 'ar' ? (e.captionAr ?? e.captionEn) : (e.captionEn ?? e.captionAr);
  const licence = evidenceLicenceLabels[e.licence];
  return (
    <figcaption>
      {prefix && <strong>{prefix} </strong>}
      {caption && <span dir="auto">{caption}</span>}
      <span className="evidence-meta">
        {labels.credit}: <bdi>{e.credit}</bdi>
        {' · '}
        {labels.licence}:{' '}
        {licence.url ? (
          <a href={licence.url} rel="license noopener noreferrer">
            {locale === 'ar' ? licence.ar : licence.en}
          </a>
        ) : (
          <span>{locale === 'ar' ? licence.ar : licence.en}</span>
        )}
        {e.takenDate && (
          <>
            {' · '}
            {labels.taken}: <time dateTime={e.takenDate}>{formatDay(e.takenDate, locale)}</time>
          </>
        )}
      </span>
    </figcaption>
  );
}

export function EvidenceFigure({
  evidence,
  locale,
  labels,
  lazy = true,
}: {
  evidence: EvidenceView;
  locale: string;
  labels: EvidenceLabels;
  lazy?: boolean;
}) {
  return (
    <figure className="evidence" id={`evidence-${evidence.id}`}>
      <EvidencePicture evidence={evidence} lazy={lazy} />
      <EvidenceCaption evidence={evidence} locale={locale} labels={labels} />
    </figure>
  );
}
