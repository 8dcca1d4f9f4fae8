import type { DescribedChange } from '../db/queries/feeds';
import { formatEventDate } from './dates';
import { publicChangedFields } from './diff';
import type { DatePrecision } from './vocab';
import { vocabLabel } from './vocab';

/** next-intl's `t` of the `changes` namespace, or anything that answers its keys. */
export type Translate = (key: string, values?: Record<string, string>) => string;

/** What a published change says to a reader: one line for a list or a feed entry's title, then its details. */
export interface ChangeWords {
  /** "Published · Report on Temple of Bel — Destroyed" */
  title: string;
  /** The record's name in the reader's language (or the other when it has none). */
  name: string;
  /** The kind of change and of record ("Published", "Report on"), and a report's damage level, for lists. */
  action: string;
  type: string;
  level?: string;
  /** The record's address without a language prefix, while readers can open it. */
  href?: string;
  /** Plain sentences: damage level, event date, verification, a summary excerpt, the fields that changed. */
  details: string[];
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const SUMMARY_EXCERPT = 240;

/** The first `max` characters of a summary, cut at a word and marked when cut. */
export function excerpt(s: string, max = SUMMARY_EXCERPT): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function nameAndLink(c: DescribedChange, locale: string): { name: string; href?: string } {
  const s = c.after ?? c.before ?? {};
  const live = !(c.after && c.after.deletedAt) && c.action !== 'delete';
  const localName = (n: unknown, ar: unknown) => text(locale === 'ar' && ar ? ar : n);
  switch (c.entityType) {
    case 'site':
      return { name: localName(s.name, s.nameAr), href: live ? `/sites/${text(s.slug)}` : undefined };
    case 'monument':
      return {
        name: localName(s.name, s.nameAr),
        href: live && !c.siteDeletedAt ? `/monuments/${text(s.slug)}` : undefined,
      };
    case 'report': {
      const visible = live && c.after?.reviewState === 'published' && c.monumentSlug && !c.monumentDeletedAt;
      return {
        name: (locale === 'ar' && c.monumentNameAr) || c.monumentName || '',
        href: visible ? `/monuments/${c.monumentSlug}#report-${c.entityId}` : undefined,
      };
    }
    default:
      return { name: text(s.title) };
  }
}

/**
 * A published change in words, in the reader's language: what happened to which record and, for a report, its damage
 * level, event date, verification and summary; for a correction, which public fields changed. Only public fields of
 * the snapshots are read (lib/diff.ts), never review comments or who made the change.
 */
export function describeChange(
  c: DescribedChange,
  locale: string,
  t: Translate,
  fieldLabel: (field: string) => string,
): ChangeWords {
  const { name, href } = nameAndLink(c, locale);
  const list = (items: string[]) => items.join(locale === 'ar' ? '، ' : ', ');
  const details: string[] = [];
  const action = vocabLabel('revisionAction', c.action, locale);
  const type = t(`types.${c.entityType}`);
  let title = `${action} · ${type} ${name}`;
  const s = c.after ?? c.before ?? {};
  let level: string | undefined;
  if (c.entityType === 'report') {
    level = vocabLabel('damageLevel', text(s.damageLevel), locale) || undefined;
    if (level) {
      title += ` — ${level}`;
      details.push(t('words.level', { level }));
    }
    details.push(
      t('words.eventDate', {
        date: formatEventDate(
          {
            eventDate: text(s.eventDate) || null,
            eventDateEnd: text(s.eventDateEnd) || null,
            eventDatePrecision: (text(s.eventDatePrecision) || 'day') as DatePrecision,
          },
          locale,
        ),
      }),
    );
    const verification = vocabLabel('verificationStatus', text(s.verificationStatus), locale);
    if (verification) details.push(t('words.verification', { verification }));
    const summary = text(locale === 'ar' && s.summaryAr ? s.summaryAr : s.summary);
    if (summary) details.push(t('words.summary', { summary: excerpt(summary) }));
  }
  if (c.entityType === 'monument' && c.siteName)
    details.push(t('words.site', { site: (locale === 'ar' && c.siteNameAr) || c.siteName }));
  if (c.action === 'update' || c.action === 'revert') {
    const fields = publicChangedFields(c.before, c.after);
    if (fields.length) details.push(t('words.fields', { fields: list(fields.map(fieldLabel)) }));
  }
  return { title, action, type, level, name, href, details };
}
