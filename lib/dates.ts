import type { DatePrecision } from './vocab';

export interface EventDate {
  eventDate: string | null;
  eventDateEnd: string | null;
  eventDatePrecision: DatePrecision;
}

const intlLocale = (locale: string) => (locale === 'ar' ? 'ar-SY' : 'en-GB');

function asUtcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function formatPart(iso: string, precision: 'day' | 'month' | 'year', locale: string): string {
  const options: Intl.DateTimeFormatOptions =
    precision === 'day' ? { day: 'numeric', month: 'short', year: 'numeric' }
      : precision === 'month' ? { month: 'short', year: 'numeric' }
        : { year: 'numeric' };
  // Latin digits in Arabic too: Syrian and Iraqi usage mixes both, and dates must stay searchable and copyable.
  return new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: 'UTC', numberingSystem: 'latn' }).format(asUtcDate(iso));
}

/** A date shown no more precisely than it is known: "14 Aug 2015", "Aug 2015", "2015", "c. 2015", "c. 2015–2016". */
export function formatEventDate(d: EventDate, locale: string): string {
  if (!d.eventDate) return locale === 'ar' ? 'تاريخ غير معروف' : 'date unknown';
  if (d.eventDatePrecision !== 'approximate') return formatPart(d.eventDate, d.eventDatePrecision, locale);
  const circa = locale === 'ar' ? 'حوالي' : 'c.';
  const start = d.eventDate.slice(0, 4);
  const end = (d.eventDateEnd ?? d.eventDate).slice(0, 4);
  return start === end ? `${circa} ${start}` : `${circa} ${start}–${end}`;
}

/** A plain calendar date for metadata such as "last changed" (timestamps are stored as ISO in UTC). */
export function formatDay(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  return formatPart(iso.slice(0, 10), 'day', locale);
}

/** Normalises a date as typed or imported ("2015", "2015-08", "2015-08-30") into its first day and precision. */
export function parsePartialDate(input: string): { date: string; precision: 'day' | 'month' | 'year' } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = `${y}-${mo ?? '01'}-${d ?? '01'}`;
  const parsed = asUtcDate(date);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return null;
  return { date, precision: d ? 'day' : mo ? 'month' : 'year' };
}
