import { vocabLabel, type DamageLevel } from '@/lib/vocab';

/** A damage level as a coloured badge; the colour is never the only signal (the label is always written). */
export function StatusBadge({ level, locale, basis }: { level: DamageLevel; locale: string; basis?: string }) {
  return (
    <span
      className={`badge badge-${level}${basis && basis !== 'established' ? ' badge-tentative' : ''}`}
      data-status={level}
    >
      {vocabLabel('damageLevel', level, locale)}
    </span>
  );
}
