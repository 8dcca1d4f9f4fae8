import { getTranslations } from 'next-intl/server';
import {
  evidenceKindLabels,
  evidenceKinds,
  evidenceLicenceLabels,
  evidenceLicences,
} from '@/lib/evidence-images/kinds';
import { EvidencePicture, type EvidenceView } from './evidence-figure';

type Row = EvidenceView & { version: number; deletedAt: string | null; sourceId: number | null };

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * The evidence section of a report's edit page: its images (detach, restore) and a form to attach one. Plain HTML
 * forms posted to /api/curator/evidence, which sends the browser back here with the outcome (`?evidence=…`).
 */
export async function EvidenceManager({
  reportId,
  rows,
  locale,
  outcome,
  fields,
  canKeepOriginal,
  maxBytes,
}: {
  reportId: number;
  rows: Row[];
  locale: string;
  outcome?: string;
  fields?: string;
  canKeepOriginal: boolean;
  maxBytes: number;
}) {
  const t = await getTranslations('evidence');
  const lang = locale === 'ar' ? 'ar' : 'en';
  const known = outcome && t.has(`outcome.${outcome}`) ? outcome : undefined;
  const fieldNames = (fields ?? '')
    .split(',')
    .filter((f) =>
      ['file', 'kind', 'altText', 'captionEn', 'captionAr', 'credit', 'licence', 'takenDate', 'sourceId'].includes(f),
    )
    .map((f) => t(f as 'kind'));
  const good = known === 'attached' || known === 'detached' || known === 'restored' || known === 'saved';
  return (
    <section id="evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('title')}</h2>
      {known && (
        <p role={good ? 'status' : 'alert'} className={good ? 'saved-notice' : 'danger-note'}>
          {t(`outcome.${known}` as 'outcome.invalid', { fields: fieldNames.join(', ') || '—' })}
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="evidence-gallery">
          {rows.map((e) => (
            <li key={e.id}>
              <EvidencePicture evidence={e} sizes="160px" />
              <p>
                #{e.id} {evidenceKindLabels[e.kind as keyof typeof evidenceKindLabels]?.[lang]}
                {e.deletedAt && <strong> ({t('detached')})</strong>}
              </p>
              {!e.deletedAt && (
                <details>
                  <summary>{t('edit')}</summary>
                  <form method="post" action="/api/curator/evidence">
                    <input type="hidden" name="action" value="edit" />
                    <input type="hidden" name="report" value={reportId} />
                    <input type="hidden" name="id" value={e.id} />
                    <input type="hidden" name="version" value={e.version} />
                    <input type="hidden" name="locale" value={locale} />
                    <DetailFields prefix={`evidence-${e.id}`} lang={lang} t={t} values={e} />
                    <button type="submit">{t('save')}</button>
                  </form>
                </details>
              )}
              <form method="post" action="/api/curator/evidence">
                <input type="hidden" name="action" value={e.deletedAt ? 'restore' : 'detach'} />
                <input type="hidden" name="report" value={reportId} />
                <input type="hidden" name="id" value={e.id} />
                <input type="hidden" name="version" value={e.version} />
                <input type="hidden" name="locale" value={locale} />
                <button type="submit" className={e.deletedAt ? undefined : 'danger'}>
                  {e.deletedAt ? t('restore') : t('detach')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('attachTitle')}</h3>
      <p className="hint">{t('attachHint', { limit: mib(maxBytes) })}</p>
      <form method="post" action="/api/curator/evidence" encType="multipart/form-data" className="evidence-form">
        <input type="hidden" name="action" value="attach" />
        <input type="hidden" name="report" value={reportId} />
        <input type="hidden" name="locale" value={locale} />
        <p>
          <label htmlFor="evidence-file">{t('file')}</label>
          <input
            id="evidence-file"
            name="file"
            type="file"
            required
            accept="image/jpeg,image/png,image/webp,image/tiff"
          />
        </p>
        <DetailFields prefix="evidence" lang={lang} t={t} />
        {canKeepOriginal && (
          <p>
            <label>
              <input type="checkbox" name="keepOriginal" /> {t('keepOriginal')}
            </label>
          </p>
        )}
        <button type="submit">{t('attach')}</button>
      </form>
    </section>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<'evidence'>>>;

/** The fields an image is described by, empty to attach one or filled to edit it. */
function DetailFields({ prefix, lang, t, values }: { prefix: string; lang: 'en' | 'ar'; t: T; values?: Partial<Row> }) {
  return (
    <>
      <p>
        <label htmlFor={`${prefix}-kind`}>{t('kind')}</label>
        <select id={`${prefix}-kind`} name="kind" required defaultValue={values?.kind ?? 'photo'}>
          {evidenceKinds.map((k) => (
            <option key={k} value={k}>
              {evidenceKindLabels[k][lang]}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${prefix}-alt`}>{t('altText')}</label>
        <input id={`${prefix}-alt`} name="altText" required maxLength={500} defaultValue={values?.altText} />
      </p>
      <p>
        <label htmlFor={`${prefix}-caption-en`}>{t('captionEn')}</label>
        <input
          id={`${prefix}-caption-en`}
          name="captionEn"
          maxLength={1000}
          lang="en"
          dir="ltr"
          defaultValue={values?.captionEn ?? ''}
        />
      </p>
      <p>
        <label htmlFor={`${prefix}-caption-ar`}>{t('captionAr')}</label>
        <input
          id={`${prefix}-caption-ar`}
          name="captionAr"
          maxLength={1000}
          lang="ar"
          dir="rtl"
          defaultValue={values?.captionAr ?? ''}
        />
      </p>
      <p>
        <label htmlFor={`${prefix}-credit`}>{t('credit')}</label>
        <input id={`${prefix}-credit`} name="credit" required maxLength={300} defaultValue={values?.credit} />
      </p>
      <p>
        <label htmlFor={`${prefix}-licence`}>{t('licence')}</label>
        <select id={`${prefix}-licence`} name="licence" required defaultValue={values?.licence ?? ''}>
          <option value="" disabled>
            —
          </option>
          {evidenceLicences.map((l) => (
            <option key={l} value={l}>
              {evidenceLicenceLabels[l][lang]} ({l})
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${prefix}-taken`}>{t('takenDate')}</label>
        <input id={`${prefix}-taken`} name="takenDate" type="date" defaultValue={values?.takenDate ?? ''} />
      </p>
      <p>
        <label htmlFor={`${prefix}-source`}>{t('sourceId')}</label>
        <input
          id={`${prefix}-source`}
          name="sourceId"
          inputMode="numeric"
          pattern="[0-9]*"
          defaultValue={values?.sourceId ?? ''}
        />
      </p>
    </>
  );
}
