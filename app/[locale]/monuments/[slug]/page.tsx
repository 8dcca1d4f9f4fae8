import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { getPathname, Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { getMonumentBySlug } from '@/db/queries/monuments';
import { latestRelease } from '@/db/queries/releases';
import { listPublishedReportsForMonument, type PublishedReport } from '@/db/queries/reports';
import { isWeak, NotFindingBadge, StatusBadge, TermLink } from '@/components/status-badge';
import { isDamageFinding } from '@/lib/status';
import { RecordName } from '@/components/record-name';
import { AccessedDate } from '@/components/accessed-date';
import { formatDay, formatEventDate } from '@/lib/dates';
import { formatCoordinate, languageName, localisedName } from '@/lib/i18n-format';
import { vocabLabel } from '@/lib/vocab';
import { localeAlternates } from '@/lib/alternates';
import { config } from '@/lib/config';
import { MapSection } from '@/components/map/map-section';
import { AddReportLink } from '@/components/curator/session-status';
import { JsonLd } from '@/components/json-ld';
import { monumentJsonLd } from '@/lib/json-ld';
import { monumentShareMetadata } from '../../_lib/share';
import { listEvidenceForReports, type Evidence } from '@/db/queries/evidence-images';
import {
  EvidenceFigure,
  EvidencePicture,
  type EvidenceLabels,
  type EvidenceView,
} from '@/components/evidence/evidence-figure';
import { BeforeAfter } from '@/components/evidence/before-after';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

/** Kinds of evidence named in the status sentence, most direct first. */
const EVIDENCE_ORDER = [
  'satellite_imagery',
  'field_survey',
  'ngo_expert_report',
  'official_statement',
  'news',
  'social_media',
];

type Props = { params: Promise<{ locale: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const monument = getMonumentBySlug(getDb(), slug);
  if (!monument) return {};
  const title = localisedName(monument, locale).primary;
  const { feeds, ...share } = await monumentShareMetadata(monument, locale, title);
  return { title, ...share, alternates: { ...localeAlternates(`/monuments/${monument.slug}`, locale), types: feeds } };
}

export default async function MonumentPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const db = getDb();
  const monument = getMonumentBySlug(db, slug);
  if (!monument || monument.site.deletedAt) notFound();
  const t = await getTranslations('monument');
  // The dataset release to cite alongside the record (a new release marks every monument page stale: migration 0015).
  const release = latestRelease(db);
  const ts = await getTranslations('site');
  const tb = await getTranslations('browse');
  const tm = await getTranslations('map');
  const reports = listPublishedReportsForMonument(db, monument.id);
  const evidence = listEvidenceForReports(
    db,
    reports.map((r) => r.id),
  );
  const te = await getTranslations('evidence');
  const evidenceLabels: EvidenceText = {
    credit: te('creditLabel'),
    licence: te('licenceLabel'),
    taken: te('takenLabel'),
    before: te('before'),
    after: te('after'),
    title: te('compareTitle'),
    slider: te('compareSlider'),
  };
  const gallery = reports.flatMap((r) => (evidence.get(r.id) ?? []).map((e) => ({ e, report: r })));
  const basis = reports.find((r) => r.id === monument.statusReportId);
  const lastChanged = [monument.updatedAt, ...reports.map((r) => r.updatedAt)].sort().at(-1)!;
  const description = locale === 'ar' && monument.descriptionAr ? monument.descriptionAr : monument.description;
  // Free text in the reader's language where the record has it; the English otherwise, marked as English.
  const inLanguage = (en: string | null, ar: string | null) =>
    locale === 'ar' && ar ? { text: ar, lang: 'ar' } : en ? { text: en, lang: 'en' } : null;
  const period = inLanguage(monument.period, monument.periodAr);
  const built = inLanguage(monument.dateBuilt, monument.dateBuiltAr);
  const stableUrl = `${config().PUBLIC_BASE_URL.replace(/\/$/, '')}${locale === 'ar' ? '/ar' : ''}/monuments/${monument.slug}`;

  const level = vocabLabel('damageLevel', monument.statusLevel, locale);
  let rule: string;
  if (!basis || monument.statusBasis === 'none') rule = t('statusRule.none');
  else {
    const date = formatEventDate(basis, locale);
    if (monument.statusBasis === 'established') {
      const types = [...new Set(basis.sources.filter((s) => s.stance === 'supports').map((s) => s.sourceType))]
        .sort((a, b) => EVIDENCE_ORDER.indexOf(a) - EVIDENCE_ORDER.indexOf(b))
        .map((code) => vocabLabel('sourceType', code, locale).toLowerCase());
      const verification = vocabLabel('verificationStatus', basis.verificationStatus, locale).toLowerCase();
      rule = types.length
        ? t('statusRule.established', {
            level,
            verification,
            sourceTypes: types.join(locale === 'ar' ? '، ' : ', '),
            date,
          })
        : t('statusRule.establishedNoSources', { level, verification, date });
    } else {
      rule = t(`statusRule.${monument.statusBasis}`, { level, date });
    }
  }

  return (
    <article>
      <JsonLd data={monumentJsonLd(monument, config().PUBLIC_BASE_URL.replace(/\/$/, ''), locale)} />
      <RecordName as="h1" record={monument} locale={locale} />
      <p>
        {t('partOf')}{' '}
        <Link href={`/sites/${monument.site.slug}`}>
          <RecordName record={monument.site} locale={locale} />
        </Link>
        {' · '}
        {vocabLabel('monumentKind', monument.kind, locale)}
      </p>

      <section className="status-panel" aria-labelledby="status-title">
        <h2 id="status-title">{t('damageLevel')}</h2>
        <p>
          <StatusBadge level={monument.statusLevel} basis={monument.statusBasis} locale={locale} />
        </p>
        <p className="status-rule">{rule}</p>
        <p className="muted">
          <TermLink name="statusBasis" code={monument.statusBasis} locale={locale} />
        </p>
      </section>

      {description && <p>{description}</p>}

      <dl className="facts">
        {period && (
          <>
            <dt>{t('period')}</dt>
            <dd>
              <bdi lang={period.lang}>{period.text}</bdi>
            </dd>
          </>
        )}
        {built && (
          <>
            <dt>{t('dateBuilt')}</dt>
            <dd>
              <bdi lang={built.lang}>{built.text}</bdi>
            </dd>
          </>
        )}
        {monument.altNames.length > 0 && (
          <>
            <dt>{t('altNames')}</dt>
            <dd>
              <ul className="inline-list">
                {monument.altNames.map((a) => (
                  <li key={`${a.lang}:${a.name}`}>
                    <bdi lang={a.lang} dir={a.lang === 'ar' ? 'rtl' : 'auto'}>
                      {a.name}
                    </bdi>{' '}
                    <span className="muted">({languageName(a.lang, locale)})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {(monument.wikidataQid || monument.pleiadesId || monument.site.unescoIdNo != null) && (
          <>
            <dt>{t('identifiers')}</dt>
            <dd>
              <ul className="inline-list">
                {monument.wikidataQid && (
                  <li>
                    <a href={`https://www.wikidata.org/wiki/${monument.wikidataQid}`}>
                      <bdi dir="ltr">Wikidata {monument.wikidataQid}</bdi>
                    </a>
                  </li>
                )}
                {monument.pleiadesId && (
                  <li>
                    <a href={`https://pleiades.stoa.org/places/${monument.pleiadesId}`}>
                      <bdi dir="ltr">Pleiades {monument.pleiadesId}</bdi>
                    </a>
                  </li>
                )}
                {monument.site.unescoIdNo != null && (
                  <li>
                    <a href={`https://whc.unesco.org/en/list/${monument.site.unescoIdNo}`}>
                      <bdi dir="ltr">UNESCO {monument.site.unescoIdNo}</bdi>
                    </a>
                  </li>
                )}
              </ul>
            </dd>
          </>
        )}
        <dt>{ts('dangerLabel')}</dt>
        <dd className={monument.site.inDanger ? 'danger-note' : undefined}>
          {!monument.site.inDanger
            ? tb('siteNotInDanger')
            : monument.site.inDangerSince != null
              ? tb('siteInDangerSince', { year: monument.site.inDangerSince })
              : tb('siteInDanger')}
        </dd>
        {monument.latitude != null && monument.longitude != null && (
          <>
            <dt>{t('map')}</dt>
            <dd>
              {/* Isolated left to right inside the page's direction: the value stays beside its label. */}
              <bdi dir="ltr" className="coordinates">
                {formatCoordinate(monument.latitude, locale)}, {formatCoordinate(monument.longitude, locale)}
              </bdi>
            </dd>
          </>
        )}
      </dl>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline')}</h2>
        {/* Shown in the browser to signed-in curators only: this page is the same for every reader. */}
        <AddReportLink monumentId={monument.id} label={t('addReport')} />
        {reports.length === 0 ? (
          <p>{t('noReports')}</p>
        ) : (
          <ol className="timeline">
            {reports.map((r) => (
              <ReportEntry
                key={r.id}
                report={r}
                locale={locale}
                t={t}
                evidence={evidence.get(r.id) ?? []}
                evidenceLabels={evidenceLabels}
                evidenceTitle={te('title')}
              />
            ))}
          </ol>
        )}
      </section>

      {gallery.length > 0 && (
        <section aria-labelledby="evidence-gallery-title">
          <h2 id="evidence-gallery-title">{te('gallery')}</h2>
          <ul className="evidence-gallery">
            {gallery.map(({ e, report }) => (
              <li key={e.id}>
                <a href={`#evidence-${e.id}`} title={te('report', { date: formatEventDate(report, locale) })}>
                  <EvidencePicture evidence={e} sizes="160px" />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="send-evidence" aria-labelledby="send-evidence-title">
        <h2 id="send-evidence-title">{t('sendEvidence')}</h2>
        <p>
          {t('sendEvidenceHint')} <Link href={`/monuments/${monument.slug}/submit`}>{t('sendEvidence')}</Link>
        </p>
      </section>

      {monument.latitude != null && monument.longitude != null && (
        <MapSection
          regionLabel={tm('monumentRegion', { name: localisedName(monument, locale).primary })}
          points={[
            {
              key: monument.slug,
              name: localisedName(monument, locale).primary,
              latitude: monument.latitude,
              longitude: monument.longitude,
              href: getPathname({ href: `/monuments/${monument.slug}`, locale }),
              status: monument.statusLevel,
              weak: isWeak({ basis: monument.statusBasis }),
              statusLabel: isWeak({ basis: monument.statusBasis })
                ? `${level} (${vocabLabel('statusBasis', monument.statusBasis, locale)})`
                : level,
            },
          ]}
        />
      )}

      <section className="cite" aria-labelledby="cite-title">
        <h2 id="cite-title">{t('cite.title')}</h2>
        <dl className="facts">
          <dt>{t('cite.stableUrl')}</dt>
          <dd>
            <a href={stableUrl} dir="ltr">
              {stableUrl}
            </a>
          </dd>
          <dt>{t('cite.lastChanged')}</dt>
          <dd>
            <time dateTime={lastChanged}>{formatDay(lastChanged, locale)}</time>
          </dd>
          {release && (
            <>
              <dt>{t('cite.release')}</dt>
              <dd>
                <a href={`/export/releases/${release.version}/dataset.zip`} dir="ltr">
                  {t('cite.releaseText', { version: release.version, date: release.asOf.slice(0, 10) })}
                </a>
              </dd>
            </>
          )}
          <dt>{t('cite.accessed')}</dt>
          <dd>
            <AccessedDate locale={locale} />
          </dd>
        </dl>
      </section>
    </article>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<'monument'>>>;
type EvidenceText = EvidenceLabels & { before: string; after: string; title: string; slider: string };

/** A report's images: its first satellite before/after pair as a comparison, every other image as a figure. */
function ReportEvidence({
  evidence,
  locale,
  labels,
  title,
  reportId,
}: {
  evidence: Evidence[];
  locale: string;
  labels: EvidenceText;
  title: string;
  reportId: number;
}) {
  if (evidence.length === 0) return null;
  // Only what readers see goes to the browser (the comparison is a client component): never who attached it.
  const view = (e: Evidence): EvidenceView => ({
    id: e.id,
    kind: e.kind,
    captionEn: e.captionEn,
    captionAr: e.captionAr,
    altText: e.altText,
    credit: e.credit,
    licence: e.licence,
    takenDate: e.takenDate,
    sha256: e.sha256,
    variants: e.variants,
  });
  const before = evidence.find((e) => e.kind === 'satellite_before');
  const after = evidence.find((e) => e.kind === 'satellite_after');
  const pair = before && after ? [before, after] : [];
  const rest = evidence.filter((e) => !pair.includes(e));
  return (
    <section className="evidence-list" aria-labelledby={`evidence-title-${reportId}`}>
      <h4 id={`evidence-title-${reportId}`}>{title}</h4>
      {before && after && <BeforeAfter before={view(before)} after={view(after)} locale={locale} labels={labels} />}
      {rest.map((e) => (
        <EvidenceFigure key={e.id} evidence={view(e)} locale={locale} labels={labels} />
      ))}
    </section>
  );
}

function ReportEntry({
  report: r,
  locale,
  t,
  evidence,
  evidenceLabels,
  evidenceTitle,
}: {
  report: PublishedReport;
  locale: string;
  t: T;
  evidence: Evidence[];
  evidenceLabels: EvidenceText;
  evidenceTitle: string;
}) {
  const supporting = r.sources.filter((s) => s.stance === 'supports');
  const disputing = r.sources.filter((s) => s.stance === 'disputes');
  const summary = locale === 'ar' && r.summaryAr ? r.summaryAr : r.summary;
  return (
    <li className="report" id={`report-${r.id}`}>
      <h3>
        <time dateTime={r.eventDate ?? undefined}>{formatEventDate(r, locale)}</time>
        {' — '}
        {isDamageFinding(r) ? (
          <StatusBadge level={r.damageLevel} verification={r.verificationStatus} locale={locale} />
        ) : (
          <>
            <NotFindingBadge locale={locale} />
            {r.damageLevel !== 'unknown' && (
              <>
                {' '}
                <StatusBadge level={r.damageLevel} verification={r.verificationStatus} locale={locale} />
              </>
            )}
          </>
        )}
      </h3>
      <p>{summary}</p>
      <ReportEvidence
        evidence={evidence}
        locale={locale}
        labels={evidenceLabels}
        title={evidenceTitle}
        reportId={r.id}
      />
      <dl className="facts compact">
        {r.cause && (
          <>
            <dt>{t('cause')}</dt>
            <dd>
              <TermLink name="damageCause" code={r.cause} locale={locale} />
            </dd>
          </>
        )}
        {r.reportedActor && (
          <>
            <dt>{t('actor')}</dt>
            <dd>
              <bdi>{r.reportedActor}</bdi> <span className="muted">({t('actorAttributed')})</span>
            </dd>
          </>
        )}
        <dt>{t('certainty')}</dt>
        <dd>
          <TermLink name="certainty" code={r.certainty} locale={locale} />
        </dd>
        <dt>{t('verification')}</dt>
        <dd>
          <TermLink name="verificationStatus" code={r.verificationStatus} locale={locale} />
        </dd>
        {r.reportedDate && (
          <>
            <dt>{t('reportedLabel')}</dt>
            <dd>{formatDay(r.reportedDate, locale)}</dd>
          </>
        )}
      </dl>
      {disputing.length > 0 && (
        <p className="contested" role="note">
          <Link href="/methodology#contested">{t('contested')}</Link>
        </p>
      )}
      {r.sources.length === 0 ? (
        <p className="muted">{t('noSources')}</p>
      ) : (
        <div className="stances">
          <SourceList title={t('sourcesSupporting')} sources={supporting} locale={locale} t={t} stance="supports" />
          {disputing.length > 0 && (
            <SourceList title={t('sourcesDisputing')} sources={disputing} locale={locale} t={t} stance="disputes" />
          )}
        </div>
      )}
    </li>
  );
}

/** The web address's host, so a reader sees where a link leads before following it. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * A link out of the registry: marked with an arrow for sighted readers and a phrase for screen readers, and opened
 * without giving the other site a handle on this page (noopener) or telling it where the reader came from (noreferrer).
 */
function ExternalLink({ href, t, children }: { href: string; t: T; children: React.ReactNode }) {
  return (
    <a href={href} rel="noopener noreferrer" className="external-link">
      {children}
      <span aria-hidden="true"> ↗</span>
      <span className="visually-hidden"> {t('externalLink')}</span>
    </a>
  );
}

function SourceList({
  title,
  sources,
  locale,
  t,
  stance,
}: {
  title: string;
  sources: PublishedReport['sources'];
  locale: string;
  t: T;
  stance: string;
}) {
  if (sources.length === 0) return null;
  return (
    <div className={`stance stance-${stance}`}>
      <h4>{title}</h4>
      <ul>
        {sources.map((s) => (
          // The line keeps the page's direction (an Arabic page's sources stay right-aligned); the title, publisher and
          // host are isolated, each set in its own direction, so an English title never scrambles the line.
          <li key={s.id} className="source">
            {s.url ? (
              <ExternalLink href={s.url} t={t}>
                <bdi dir="auto" className="source-title">
                  {s.title}
                </bdi>
              </ExternalLink>
            ) : (
              <bdi dir="auto" className="source-title">
                {s.title}
              </bdi>
            )}
            {s.publisher && (
              <>
                {' '}
                — <bdi>{s.publisher}</bdi>
              </>
            )}{' '}
            <bdi className="muted">
              ({vocabLabel('sourceType', s.sourceType, locale)}
              {s.publishedDate && <>, {t('published', { date: formatDay(s.publishedDate, locale) })}</>})
            </bdi>
            {s.url && (
              <>
                {' '}
                <span className="source-host" dir="ltr">
                  {hostOf(s.url)}
                </span>
              </>
            )}
            {s.archivedUrl && (
              <>
                {' '}
                ·{' '}
                <ExternalLink href={s.archivedUrl} t={t}>
                  {t('archived')}
                </ExternalLink>
              </>
            )}
            {s.citationDetail && (
              <>
                {' '}
                · <bdi className="citation-detail">{t('citationDetail', { detail: s.citationDetail })}</bdi>
              </>
            )}
            {!s.url && !s.archivedUrl && !s.citationDetail && <span className="muted"> · {t('noLink')}</span>}
            {s.quote && <blockquote dir="auto">{s.quote}</blockquote>}
          </li>
        ))}
      </ul>
    </div>
  );
}
