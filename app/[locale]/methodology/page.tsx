import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { StatusBadge } from '@/components/status-badge';
import { StatusLegend } from '@/components/status-legend';
import { config } from '@/lib/config';
import { localeAlternates } from '@/lib/alternates';
import {
  certainties,
  damageCauses,
  damageLevels,
  statusBases,
  termAnchor,
  verificationStatuses,
  vocabDefinition,
  vocabLabel,
  type DefinedVocabulary,
} from '@/lib/vocab';

// Built from lib/vocab.ts and the configuration only; server.js keeps it like every reader's page.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'methodology' });
  return { title: t('title'), description: t('description'), alternates: localeAlternates('/methodology', locale) };
}

/** The terms of one vocabulary with their definitions; each term's anchor is stable (lib/vocab.ts termAnchor). */
function Terms({ name, codes, locale }: { name: DefinedVocabulary; codes: readonly string[]; locale: string }) {
  return (
    <dl className="definitions">
      {codes.map((code) => (
        <div key={code} id={termAnchor(name, code)} className="definition">
          <dt>{vocabLabel(name, code, locale)}</dt>
          <dd>{vocabDefinition(name, code, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function MethodologyPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations('methodology');
  const { DATA_LICENCE, DATA_LICENCE_URL } = config();
  const sections = [
    ['status-rule', t('statusRule.title')],
    ['damage-scale', t('damage.title')],
    ['verification', t('verification.title')],
    ['evidence-rules', t('evidence.title')],
    ['certainty', t('certainty.title')],
    ['causes', t('causes.title')],
    ['contested', t('contested.title')],
    ['strength', t('strength.title')],
    ['corrections', t('corrections.title')],
    ['licence', t('licence.title')],
  ] as const;
  const severestFirst = [...damageLevels.terms].reverse();

  return (
    <article className="methodology">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <nav aria-labelledby="toc-title">
        <h2 id="toc-title" className="small-heading">
          {t('toc')}
        </h2>
        <ul>
          {sections.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="status-rule">
        <h2 id="status-rule">{t('statusRule.title')}</h2>
        <p>{t('statusRule.intro')}</p>
        <ol>
          <li>{t('statusRule.step1')}</li>
          <li>{t('statusRule.step2')}</li>
          <li>{t('statusRule.step3')}</li>
          <li>{t('statusRule.step4')}</li>
          <li>{t('statusRule.step5')}</li>
        </ol>
        <h3 id="status-bases">{t('statusRule.basesTitle')}</h3>
        <p>{t('statusRule.basesIntro')}</p>
        <Terms name="statusBasis" codes={statusBases.codes} locale={locale} />
        <h3 id="worked-example">{t('statusRule.exampleTitle')}</h3>
        <p>{t('statusRule.example1')}</p>
        <p>
          <StatusBadge level="destroyed" basis="established" locale={locale} link={false} />
        </p>
        <p>{t('statusRule.example2')}</p>
        <p>{t('statusRule.example3')}</p>
      </section>

      <section aria-labelledby="damage-scale">
        <h2 id="damage-scale">{t('damage.title')}</h2>
        <p>{t('damage.intro')}</p>
        <dl className="definitions">
          {severestFirst.map((term) => (
            <div key={term.code} id={termAnchor('damageLevel', term.code)} className="definition">
              <dt>
                <StatusBadge level={term.code} locale={locale} link={false} />
              </dt>
              <dd>
                {vocabDefinition('damageLevel', term.code, locale)}{' '}
                <span className="muted">
                  {term.unosat ? t('damage.unosat', { class: term.unosat }) : t('damage.noUnosat')}
                </span>
              </dd>
            </div>
          ))}
        </dl>
        <p>{t('damage.colours')}</p>
      </section>

      <section aria-labelledby="verification">
        <h2 id="verification">{t('verification.title')}</h2>
        <p>{t('verification.intro')}</p>
        <Terms name="verificationStatus" codes={verificationStatuses.codes} locale={locale} />
        <h3 id="evidence-rules">{t('evidence.title')}</h3>
        <p>{t('evidence.intro')}</p>
        <ul>
          <li>{t('evidence.published')}</li>
          <li>{t('evidence.corroborated')}</li>
          <li>{t('evidence.confirmed')}</li>
        </ul>
        <p>{t('evidence.weak')}</p>
      </section>

      <section aria-labelledby="certainty">
        <h2 id="certainty">{t('certainty.title')}</h2>
        <p>{t('certainty.intro')}</p>
        <Terms name="certainty" codes={certainties.codes} locale={locale} />
      </section>

      <section aria-labelledby="causes">
        <h2 id="causes">{t('causes.title')}</h2>
        <p>{t('causes.intro')}</p>
        <Terms name="damageCause" codes={damageCauses.codes} locale={locale} />
        <h3 id="not-a-damage-finding">{t('notFinding.title')}</h3>
        <p>{t('notFinding.text')}</p>
      </section>

      <section aria-labelledby="contested">
        <h2 id="contested">{t('contested.title')}</h2>
        <p>{t('contested.text1')}</p>
        <p>{t('contested.text2')}</p>
      </section>

      <section aria-labelledby="strength">
        <h2 id="strength">{t('strength.title')}</h2>
        <p>{t('strength.text')}</p>
        <StatusLegend locale={locale} />
        <StatusLegend locale={locale} markers />
      </section>

      <section aria-labelledby="corrections">
        <h2 id="corrections">{t('corrections.title')}</h2>
        <p>{t('corrections.history')}</p>
        <p>
          {t('corrections.changes')} <Link href="/changes">{t('corrections.changesLink')}</Link>
        </p>
        <p>{t('corrections.retract')}</p>
        <p>
          {t('corrections.public')} <Link href="/submit">{t('corrections.submitLink')}</Link>
        </p>
      </section>

      <section aria-labelledby="licence">
        <h2 id="licence">{t('licence.title')}</h2>
        <p>{t('licence.text', { licence: DATA_LICENCE })}</p>
        <p>
          <a href={DATA_LICENCE_URL} dir="ltr">
            {DATA_LICENCE_URL}
          </a>
        </p>
        <p>
          <Link href="/export">{t('licence.export')}</Link>
        </p>
      </section>
    </article>
  );
}
