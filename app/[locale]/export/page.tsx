import type { ReactNode } from 'react';
import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations, setRequestLocale } from 'next-intl/server';
import { getDb } from '@/db';
import { latestRelease } from '@/db/queries/releases';
import { ReleaseForm } from '@/components/release-form';
import { config } from '@/lib/config';
import { localeAlternates } from '@/lib/alternates';
import { FILTER_PARAMS } from '@/lib/filters';
import {
  exportTables,
  exportVocabularies,
  geojsonProperties,
  isNeutralised,
  vocabularyTerms,
  type ColumnDef,
} from '@/lib/export/columns';
import { Link } from '@/i18n/navigation';
import { definedVocabularies, termHref, type DefinedVocabulary } from '@/lib/vocab';

const hasDefinitions = (name: string) => name in definedVocabularies;

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

// The data dictionary is generated from lib/export/columns.ts (the definitions that also write the files) and
// the configuration only.

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'export' });
  return { title: t('title'), description: t('intro'), alternates: localeAlternates('/export', locale) };
}

const MONUMENT_LEVEL = ['q', 'country', 'site', 'kind', 'status', 'bbox'] as const;
const REPORT_LEVEL = ['cause', 'verification', 'actor', 'from', 'to'] as const;

export default async function ExportPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('export');
  const tmeth = await getTranslations('methodology');
  const { DATA_LICENCE, DATA_LICENCE_URL, PUBLIC_BASE_URL } = config();
  const base = PUBLIC_BASE_URL.replace(/\/$/, '');
  const lang = locale === 'ar' ? 'ar' : 'en';
  const vocabName = (name: string) => t(`vocabularies.names.${name}` as 'vocabularies.names.damageLevel');
  const example = '/export/reports.csv?country=SY&status=destroyed&bom=1';
  const latest = latestRelease(getDb());
  // The release form reads only its own messages in the browser.
  const releaseMessages = ((await getMessages()) as { export: { releases: Record<string, unknown> } }).export.releases;
  // Every filter parameter is documented once, in one of the two groups.
  const documented: readonly string[] = [...MONUMENT_LEVEL, ...REPORT_LEVEL];
  if (FILTER_PARAMS.some((p) => !documented.includes(p)))
    throw new Error('a filter parameter is missing from the export page');

  return (
    <article className="export-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t('downloads.title')}</h2>
        <ul className="downloads">
          {exportTables.map((table) => (
            <li key={table.name}>
              <a href={`/export/${table.path}`} dir="ltr">
                {table.path}
              </a>
              {' · '}
              <a href={`/export/${table.path}?bom=1`}>
                {t('downloads.excel')}
                <span className="visually-hidden"> ({table.path})</span>
              </a>
              {' — '}
              {table.description[lang]}{' '}
              <a href={`#file-${table.name}`}>
                {t('dictionary.title')}
                <span className="visually-hidden"> ({table.path})</span>
              </a>
            </li>
          ))}
          <li>
            <a href="/export/dataset.zip" dir="ltr">
              dataset.zip
            </a>{' '}
            — {t('downloads.package')}
          </li>
          <li>
            <a href="/export/monuments.geojson" dir="ltr">
              monuments.geojson
            </a>{' '}
            — {t('downloads.geojson', { properties: geojsonProperties.join(', ') })}
          </li>
        </ul>
      </section>

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{t('filters.title')}</h2>
        <p>{t('filters.body')}</p>
        <p>{t('filters.monumentLevel')}</p>
        <ParamList params={MONUMENT_LEVEL} t={t} />
        <p>{t('filters.reportLevel')}</p>
        <ParamList params={REPORT_LEVEL} t={t} />
        <p>
          {t('filters.example')}{' '}
          <a href={example} dir="ltr">
            <code>{example}</code>
          </a>
        </p>
        <p>{t('filters.errors')}</p>
        <p>{t('filters.headers')}</p>
      </section>

      <section aria-labelledby="excel-title" id="bom">
        <h2 id="excel-title">{t('excel.title')}</h2>
        <p>{t('excel.body')}</p>
      </section>

      <section aria-labelledby="safety-title" id="formulas">
        <h2 id="safety-title">{t('safety.title')}</h2>
        <p>{t('safety.body')}</p>
      </section>

      <section aria-labelledby="package-title">
        <h2 id="package-title">{t('package.title')}</h2>
        <p>{t('package.body')}</p>
        <pre dir="ltr">
          <code>frictionless validate datapackage.json</code>
        </pre>
        <p>{t('package.cli')}</p>
        <pre dir="ltr">
          <code>npm run export -- --out DIR</code>
        </pre>
        <p>{t('package.memory')}</p>
      </section>

      <section aria-labelledby="status-title" id="status-rule">
        <h2 id="status-title">{t('status.title')}</h2>
        <p>{t('status.intro')}</p>
        <ol>
          {(t.raw('status.rules') as string[]).map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ol>
        <p>{t('status.inputs')}</p>
      </section>

      <section aria-labelledby="licence-title" id="licence">
        <h2 id="licence-title">{t('licence.title')}</h2>
        <p>
          {t.rich('licence.body', {
            licence: DATA_LICENCE,
            link: (chunks) => (
              <a href={DATA_LICENCE_URL} rel="license">
                {chunks}
              </a>
            ),
          })}
        </p>
      </section>

      <section aria-labelledby="cite-title" id="cite">
        <h2 id="cite-title">{t('cite.title')}</h2>
        <p>{t('cite.body')}</p>
        <blockquote dir="auto" className="citation">
          {t('cite.template', { url: `${base}/export`, licence: DATA_LICENCE })}
        </blockquote>
      </section>

      <section aria-labelledby="releases-title" id="releases">
        <h2 id="releases-title">{t('releases.title')}</h2>
        <p>{t('releases.body')}</p>
        {latest ? (
          <>
            <p>
              {t('releases.latest', { version: latest.version, date: latest.asOf.slice(0, 10) })}{' '}
              <a href={`/export/releases/${latest.version}/dataset.zip`} dir="ltr">
                {`/export/releases/${latest.version}/dataset.zip`}
              </a>
            </p>
            <blockquote dir="auto" className="citation">
              {t('releases.citeTemplate', {
                year: latest.asOf.slice(0, 4),
                version: latest.version,
                date: latest.asOf.slice(0, 10),
                url: `${base}/export/releases/${latest.version}/dataset.zip`,
                licence: latest.licence,
              })}
            </blockquote>
          </>
        ) : (
          <p>{t('releases.none')}</p>
        )}
        <p>
          <Link href="/export/releases">{t('releases.all')}</Link>
        </p>
        <p>{t('releases.asOf')}</p>
        <NextIntlClientProvider messages={{ export: { releases: releaseMessages } }}>
          <ReleaseForm locale={locale} />
        </NextIntlClientProvider>
      </section>

      <section aria-labelledby="dictionary-title" id="dictionary">
        <h2 id="dictionary-title">{t('dictionary.title')}</h2>
        <p>{t('dictionary.intro')}</p>
        {exportTables.map((table) => (
          <section key={table.name} aria-labelledby={`file-${table.name}-title`} id={`file-${table.name}`}>
            <h3 id={`file-${table.name}-title`}>
              <code dir="ltr">{table.path}</code> — {table.title[lang]}
            </h3>
            <p>{table.description[lang]}</p>
            <dl className="facts compact">
              <dt>{t('dictionary.primaryKey')}</dt>
              <dd>
                <code dir="ltr">{table.primaryKey.join(', ')}</code>
              </dd>
              {table.foreignKeys.length > 0 && (
                <>
                  <dt>{t('dictionary.foreignKeys')}</dt>
                  <dd>
                    <ul className="inline-list">
                      {table.foreignKeys.map((fk) => (
                        <li key={fk.fields.join()} dir="ltr">
                          <code>
                            {t('dictionary.foreignKey', {
                              fields: fk.fields.join(', '),
                              resource: `${fk.resource}.csv`,
                              reference: fk.reference.join(', '),
                            })}
                          </code>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
            </dl>
            <div className="table-scroll" role="region" aria-labelledby={`file-${table.name}-title`} tabIndex={0}>
              <table className="dictionary">
                <thead>
                  <tr>
                    <th scope="col">{t('dictionary.column')}</th>
                    <th scope="col">{t('dictionary.type')}</th>
                    <th scope="col">{t('dictionary.meaning')}</th>
                    <th scope="col">{t('dictionary.values')}</th>
                  </tr>
                </thead>
                <tbody>
                  {table.columns.map((column) => (
                    <tr key={column.name} id={`${table.name}-${column.name}`}>
                      <th scope="row">
                        <code dir="ltr">{column.name}</code>
                      </th>
                      <td data-label={t('dictionary.type')}>
                        {t(`dictionary.types.${column.type}`)}
                        {column.format === 'uri' && ' (URL)'}
                      </td>
                      <td data-label={t('dictionary.meaning')}>{column.description[lang]}</td>
                      <td data-label={t('dictionary.values')}>
                        <ColumnValues column={column} t={t} vocabName={vocabName} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>

      <section aria-labelledby="vocabularies-title" id="vocabularies">
        <h2 id="vocabularies-title">{t('vocabularies.title')}</h2>
        <p>{t('vocabularies.intro')}</p>
        <p>
          <Link href="/methodology">{tmeth('exportLink')}</Link>
        </p>
        {exportVocabularies().map((name) => (
          <section key={name} aria-labelledby={`vocab-${name}-title`} id={`vocab-${name}`}>
            <h3 id={`vocab-${name}-title`}>{vocabName(name)}</h3>
            <div className="table-scroll" role="region" aria-labelledby={`vocab-${name}-title`} tabIndex={0}>
              <table className="dictionary">
                <thead>
                  <tr>
                    <th scope="col">{t('vocabularies.code')}</th>
                    <th scope="col">{t('vocabularies.english')}</th>
                    <th scope="col">{t('vocabularies.arabic')}</th>
                    {hasDefinitions(name) && <th scope="col">{t('vocabularies.definition')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {vocabularyTerms(name).map((term) => (
                    <tr key={term.code}>
                      <th scope="row">
                        <code dir="ltr">{term.code}</code>
                      </th>
                      <td lang="en" dir="ltr" data-label={t('vocabularies.english')}>
                        {term.en}
                      </td>
                      <td lang="ar" dir="rtl" data-label={t('vocabularies.arabic')}>
                        {term.ar}
                      </td>
                      {hasDefinitions(name) && (
                        <td data-label={t('vocabularies.definition')}>
                          {lang === 'ar' ? term.definition?.ar : term.definition?.en}{' '}
                          <Link href={termHref(name as DefinedVocabulary, term.code)}>{tmeth('title')}</Link>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>
    </article>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<'export'>>>;

function ParamList({
  params,
  t,
}: {
  params: readonly ((typeof MONUMENT_LEVEL)[number] | (typeof REPORT_LEVEL)[number])[];
  t: T;
}) {
  return (
    <ul>
      {params.map((p) => (
        <li key={p}>
          <code dir="ltr">{p}</code> — {t(`filters.params.${p}`)}
        </li>
      ))}
    </ul>
  );
}

function ColumnValues({ column, t, vocabName }: { column: ColumnDef; t: T; vocabName: (name: string) => string }) {
  const notes: ReactNode[] = [];
  if (column.vocabulary && column.labelOf)
    notes.push(
      <a key="v" href={`#vocab-${column.vocabulary}`}>
        {t('dictionary.label', { vocabulary: vocabName(column.vocabulary) })}
      </a>,
    );
  else if (column.vocabulary)
    notes.push(
      <a key="v" href={`#vocab-${column.vocabulary}`}>
        {t('dictionary.codes', { vocabulary: vocabName(column.vocabulary) })}
      </a>,
    );
  notes.push(<span key="n">{isNeutralised(column) ? t('dictionary.neutralised') : t('dictionary.exact')}</span>);
  if (column.required) notes.push(<span key="r">{t('dictionary.required')}</span>);
  return (
    <>
      {notes.map((n, i) => (
        <span key={i}>
          {i > 0 && t('dictionary.separator')}
          {n}
        </span>
      ))}
    </>
  );
}
