import { getTranslations } from 'next-intl/server';
import { Link } from '@/i18n/navigation';
import { isEstablished, termHref, vocabLabel, type DamageLevel, type DefinedVocabulary } from '@/lib/vocab';

/**
 * Whether a claim is weak: a monument's status resting on an unverified or disputed report (`basis`), or a report that
 * is not confirmed or corroborated (`verification`). Weak claims are drawn dashed and hatched, never like
 * established ones, so the difference does not rest on colour.
 */
export function isWeak({ basis, verification }: { basis?: string | null; verification?: string | null }): boolean {
  if (verification) return !isEstablished(verification);
  return basis === 'unverified' || basis === 'disputed';
}

/**
 * A damage level as a coloured badge that links to its definition on the methodology page (in the reader's
 * language). The label is always written; weak claims get a dashed, hatched outline and say so to screen readers.
 */
export async function StatusBadge({
  level,
  locale,
  basis,
  verification,
  link = true,
}: {
  level: DamageLevel;
  locale: string;
  /** A monument's status: which step of the status rule decided it. */
  basis?: string;
  /** A report's badge: its verification level. */
  verification?: string;
  /** False where the badge is itself being defined (the methodology page). */
  link?: boolean;
}) {
  const weak = isWeak({ basis, verification });
  const t = await getTranslations({ locale, namespace: 'methodology' });
  const qualifier = weak
    ? t('badge.weak', {
        basis: verification
          ? vocabLabel('verificationStatus', verification, locale)
          : vocabLabel('statusBasis', basis, locale),
      })
    : '';
  const className = `badge badge-${level}${weak ? ' badge-weak' : ''}`;
  const content = (
    <>
      {vocabLabel('damageLevel', level, locale)}
      {weak && <span className="visually-hidden"> ({qualifier})</span>}
    </>
  );
  if (!link)
    return (
      <span className={className} data-status={level} data-strength={weak ? 'weak' : 'established'}>
        {content}
      </span>
    );
  return (
    <Link
      href={termHref('damageLevel', level)}
      className={className}
      data-status={level}
      data-strength={weak ? 'weak' : 'established'}
    >
      {content}
    </Link>
  );
}

/** A report that records no damage finding (misuse, or an unknown level): labelled as such, linked to why. */
export async function NotFindingBadge({ locale }: { locale: string }) {
  const t = await getTranslations({ locale, namespace: 'methodology' });
  return (
    <Link href="/methodology#not-a-damage-finding" className="badge badge-not-finding" data-status="not-a-finding">
      {t('badge.notFinding')}
    </Link>
  );
}

/** A vocabulary label (verification level, certainty, cause, status basis) linked to its definition. */
export function TermLink({ name, code, locale }: { name: DefinedVocabulary; code: string; locale: string }) {
  return (
    <Link href={termHref(name, code)} className="term-link" data-term={`${name}:${code}`}>
      {vocabLabel(name, code, locale)}
    </Link>
  );
}
