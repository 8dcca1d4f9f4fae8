import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { getDb } from '@/db';
import { listRevisionsWithAuthors } from '@/db/queries/revisions';
import { contentOf, getRecordSnapshot, recordLabel, recordTypes, type RecordType } from '@/db/queries/records';
import { getSiteById } from '@/db/queries/sites';
import { getMonumentById } from '@/db/queries/monuments';
import { hasRole, readScope, requireUser } from '@/lib/auth';
import { canReadRecord, readsWholeHistory } from '@/db/queries/visibility';
import { parseId } from '@/lib/forms';
import { diffSnapshots, type FieldChange } from '@/lib/diff';
import { formatTimestamp } from '@/lib/i18n-format';
import { vocabLabel } from '@/lib/vocab';
import { ActionButton } from '@/components/curator/action-button';
import { RevertForm } from '@/components/curator/revert-form';
import { ScrollTable } from '@/components/curator/scroll-table';
import { recordValueText, type ValueWords } from '@/components/curator/field-values';
import { recordNamesFor } from '@/db/queries/curator-lookup';
import { monumentVocabularyFields } from '@/lib/records/monument';
import { restoreRecordAction, revertRecordAction } from '../../../../_actions/records';

type Props = {
  params: Promise<{ locale: string; type: string; id: string }>;
  searchParams: Promise<{ done?: string; revert?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: 'curator.history' }))('title') };
}

const EDIT_PATH: Record<RecordType, string> = {
  site: 'sites',
  monument: 'monuments',
  report: 'reports',
  source: 'sources',
};
const CONFIRM_ID = 'confirm-revert';

/**
 * A record's history: every revision with who, when and a field-by-field diff (labels, never codes). Editors revert
 * to any earlier revision in two steps that work without JavaScript: "Revert to revision N…" opens this page again
 * with ?revert=N, which shows what the revert will change and asks for an optional reason; "Confirm revert" does it.
 */
export default async function HistoryPage({ params, searchParams }: Props) {
  const { locale, type: rawType, id: rawId } = await params;
  const user = await requireUser({
    locale,
    returnTo: `${locale === 'ar' ? '/ar' : ''}/admin/history/${rawType}/${rawId}`,
  });
  setRequestLocale(locale);
  const type = recordTypes.find((t) => t === rawType);
  const id = parseId(rawId);
  const db = getDb();
  const scope = readScope(user);
  const record = type && id ? getRecordSnapshot(db, type, id) : undefined;
  // A record this curator may not read answers as one that does not exist (docs/security.md, "Who reads what").
  if (!type || !id || !record || !canReadRecord(db, scope, type, id)) notFound();
  const t = await getTranslations('curator');
  const tf = await getTranslations('curator.fields');
  const tv = await getTranslations('curator.values');
  const words: ValueWords = {
    yes: tv('yes'),
    no: tv('no'),
    none: tv('none'),
    source: (n) => tv('source', { id: n }),
    record: (n) => tv('record', { id: n }),
  };
  const editor = hasRole(user.role, 'editor');
  const revisions = listRevisionsWithAuthors(
    db,
    type,
    id,
    readsWholeHistory(db, scope, type, id) ? undefined : { userId: user.id },
  );
  const query = await searchParams;
  const done = query.done;
  const label = recordLabel(type, record) || `#${id}`;
  let publicHref: string | undefined;
  if (!record.deletedAt) {
    if (type === 'site') publicHref = `/sites/${String(record.slug)}`;
    if (type === 'monument') publicHref = `/monuments/${String(record.slug)}`;
    if (type === 'report' && record.reviewState === 'published') {
      const m = getMonumentById(db, record.monumentId as number);
      if (m && !m.deletedAt) publicHref = `/monuments/${m.slug}#report-${id}`;
    }
  }
  const site = type === 'monument' ? getSiteById(db, record.siteId as number) : undefined;
  const currentIndex = revisions.findIndex((x) => x.after !== null);
  const canRevertTo = (r: (typeof revisions)[number], index: number) =>
    editor && r.after !== null && index !== currentIndex && !record.deletedAt;

  // The confirmation step: what the record would look like after reverting to that revision.
  const revertIndex = query.revert ? revisions.findIndex((r) => String(r.id) === query.revert) : -1;
  const revertTo =
    revertIndex !== -1 && canRevertTo(revisions[revertIndex]!, revertIndex) ? revisions[revertIndex]! : undefined;
  let revertChanges: FieldChange[] = [];
  if (revertTo) {
    const content = contentOf(type, revertTo.after as Record<string, unknown>);
    const after = {
      ...record,
      ...content.values,
      ...(content.altNames ? { altNames: content.altNames } : {}),
      ...(content.citations ? { citations: content.citations } : {}),
    };
    revertChanges = diffSnapshots(record, after);
  }

  const vocabularyFields = type === 'monument' ? monumentVocabularyFields : {};
  const names = recordNamesFor(
    db,
    [
      record,
      ...revisions.flatMap((r) => [
        r.before as Record<string, unknown> | null,
        r.after as Record<string, unknown> | null,
      ]),
    ],
    locale,
    scope,
  );
  const historyHref = `/admin/history/${type}/${id}`;

  return (
    <>
      <h1>
        {t('history.title')}: {t(`types.${type}`)} <bdi>{label}</bdi>
      </h1>
      {done && (
        <p className="ok-note" role="status">
          {t(`history.done.${done === 'deleted' || done === 'restored' ? done : 'reverted'}`)}
        </p>
      )}
      <p className="record-links">
        <Link href={`/admin/${EDIT_PATH[type]}/${id}/edit`}>{t('dashboard.edit')}</Link>
        {publicHref && (
          <>
            {' '}
            ·{' '}
            <Link href={publicHref} prefetch={false}>
              {t('dashboard.view')}
            </Link>
          </>
        )}
        {site && (
          <>
            {' '}
            · {t('fields.siteId')}: <bdi>{site.name}</bdi>
          </>
        )}
      </p>
      {record.deletedAt && (
        <div className="danger-note">
          <p>{t('history.isDeleted')}</p>
          {editor && (
            <ActionButton
              action={restoreRecordAction}
              fields={{ type, id: String(id), locale }}
              label={t('history.restore')}
            />
          )}
        </div>
      )}
      {query.revert && !revertTo && <p className="danger-note">{t('history.cannotRevert')}</p>}
      {revertTo && (
        <section className="revert-confirm" aria-labelledby={CONFIRM_ID}>
          <h2 id={CONFIRM_ID} tabIndex={-1}>
            {t('history.confirmTitle', { id: revertTo.id })}
          </h2>
          <p>{t('history.confirmExplain', { id: revertTo.id })}</p>
          {revertChanges.length === 0 ? (
            <p>{t('history.nothingToChange')}</p>
          ) : (
            <>
              <h3>{t('history.confirmChanges')}</h3>
              <ChangeTable
                caption={t('history.confirmCaption', { id: revertTo.id })}
                changes={revertChanges}
                headings={[t('conflict.field'), t('history.now'), t('history.afterRevert')]}
                fieldLabel={(f) => (tf.has(f) ? tf(f) : f)}
                value={(f, v) => recordValueText(f, v, locale, words, names, vocabularyFields)}
              />
            </>
          )}
          <RevertForm
            action={revertRecordAction}
            headingId={CONFIRM_ID}
            cancelHref={`${historyHref}#revision-${revertTo.id}`}
            fields={{ type, id: String(id), version: String(record.version), revisionId: String(revertTo.id), locale }}
          />
        </section>
      )}
      <ol className="revisions" reversed>
        {revisions.map((r, index) => {
          const changes = diffSnapshots(
            r.before as Record<string, unknown> | null,
            r.after as Record<string, unknown> | null,
          );
          return (
            <li key={r.id} className="revision" id={`revision-${r.id}`}>
              <h2>
                {t('history.revision', { id: r.id })} — {vocabLabel('revisionAction', r.action, locale)}
              </h2>
              <p className="muted">
                <time dateTime={r.createdAt}>{formatTimestamp(r.createdAt, locale)}</time> ·{' '}
                {r.userName ? <bdi>{r.userName}</bdi> : t('history.agent', { agent: r.agent ?? '?' })}
              </p>
              {r.comment && (
                <p dir="auto">
                  {t('history.comment')}: <q>{r.comment}</q>
                </p>
              )}
              {changes.length > 0 && r.action !== 'create' && (
                <ChangeTable
                  caption={t('history.diffCaption', { id: r.id })}
                  changes={changes}
                  headings={[t('conflict.field'), t('history.before'), t('history.after')]}
                  fieldLabel={(f) => (tf.has(f) ? tf(f) : f)}
                  value={(f, v) => recordValueText(f, v, locale, words, names, vocabularyFields)}
                />
              )}
              {r.action === 'create' && <p className="muted">{t('history.created')}</p>}
              {canRevertTo(r, index) && revertTo?.id !== r.id && (
                // A plain GET form: the first step only shows the confirmation (with or without JavaScript).
                <form method="get" action={`#${CONFIRM_ID}`} className="action-button">
                  <input type="hidden" name="revert" value={r.id} />
                  <button type="submit" className="secondary">
                    {t('history.revert', { id: r.id })}
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** A field-by-field comparison: labelled fields, values as labels (not codes), the old value struck through. */
function ChangeTable({
  caption,
  changes,
  headings,
  fieldLabel,
  value,
}: {
  caption: string;
  changes: FieldChange[];
  headings: [string, string, string];
  fieldLabel: (field: string) => string;
  value: (field: string, v: unknown) => string;
}) {
  return (
    <ScrollTable label={caption}>
      <table className="diff labelled-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{fieldLabel(c.field)}</th>
              <td dir="auto" className="value">
                <del>{value(c.field, c.before)}</del>
              </td>
              <td dir="auto" className="value">
                <ins>{value(c.field, c.after)}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
