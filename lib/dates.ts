import { cachedFormatter } from './intl-cache';
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
    precision === 'day'
      ? { day: 'numeric', month: 'short', year: 'numeric' }
      : precision === 'month'
        ? { month: 'short', year: 'numeric' }
        : { year: 'numeric' };
  // Latin digits in Arabic too: Syrian and Iraqi usage mixes both, and dates must stay searchable and copyable.
  const format = cachedFormatter(
    `date:${intlLocale(locale)}:${precision}`,
    () => new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: 'UTC', numberingSystem: 'latn' }),
  );
  return format.format(asUtcDate(iso));
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

/** The last day covered by a partial date ("2015" → 2015-12-31, "2015-02" → 2015-02-28). */
export function lastDayOf(parsed: { date: string; precision: 'day' | 'month' | 'year' }): string {
  const [y, m] = parsed.date.split('-').map(Number) as [number, number];
  if (parsed.precision === 'year') return `${y}-12-31`;
  if (parsed.precision === 'month') return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return parsed.date;
}

export type EventDateResult =
  | { ok: true; value: EventDate }
  | { ok: false; field: 'eventDate' | 'eventDateEnd'; code: 'invalidDate' | 'required' | 'endBeforeStart' };

/**
 * An event date as a curator types it: "2015", "2015-08" or "2015-08-30", stored with that precision; or an
 * approximate range ("about 2014 to 2016": start 2014, end 2016, or one date marked approximate), stored as its
 * first and last possible day with precision `approximate`.
 */
export function parseEventDate(start: string, end: string, approximate: boolean): EventDateResult {
  const s = start.trim();
  const e = end.trim();
  if (!s) {
    if (e) return { ok: false, field: 'eventDate', code: 'required' };
    return { ok: true, value: { eventDate: null, eventDateEnd: null, eventDatePrecision: 'day' } };
  }
  const from = parsePartialDate(s);
  if (!from) return { ok: false, field: 'eventDate', code: 'invalidDate' };
  if (!e && !approximate)
    return { ok: true, value: { eventDate: from.date, eventDateEnd: null, eventDatePrecision: from.precision } };
  const to = e ? parsePartialDate(e) : from;
  if (!to) return { ok: false, field: 'eventDateEnd', code: 'invalidDate' };
  const last = lastDayOf(to);
  if (last < from.date) return { ok: false, field: 'eventDateEnd', code: 'endBeforeStart' };
  return { ok: true, value: { eventDate: from.date, eventDateEnd: last, eventDatePrecision: 'approximate' } };
}

/** The form fields that reproduce a stored event date (the inverse of parseEventDate). */
export function eventDateInputs(d: EventDate): { eventDate: string; eventDateEnd: string; approximate: boolean } {
  if (!d.eventDate) return { eventDate: '', eventDateEnd: '', approximate: false };
  if (d.eventDatePrecision === 'month')
    return { eventDate: d.eventDate.slice(0, 7), eventDateEnd: '', approximate: false };
  if (d.eventDatePrecision === 'year')
    return { eventDate: d.eventDate.slice(0, 4), eventDateEnd: '', approximate: false };
  if (d.eventDatePrecision === 'day') return { eventDate: d.eventDate, eventDateEnd: '', approximate: false };
  const end = d.eventDateEnd ?? d.eventDate;
  const wholeYears = d.eventDate.endsWith('-01-01') && end.endsWith('-12-31');
  const start = wholeYears ? d.eventDate.slice(0, 4) : d.eventDate;
  const last = wholeYears ? end.slice(0, 4) : end;
  return { eventDate: start, eventDateEnd: last === start ? '' : last, approximate: true };
}
