'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { formatEventDate, parseEventDate, parsePartialDate } from '@/lib/dates';
import { FieldFrame, useFormState, useHydrated } from './form-kit';

/**
 * The event date with its precision chosen beside it: day, month, year, or an approximate range. The choice posts
 * as `approximate` ("on" for a range; "day", "month" or "year" read as not approximate), and the date's own
 * format (2015, 2015-08, 2015-08-30) carries the exact precision, so the save action reads the same three fields
 * as ever: eventDate, eventDateEnd, approximate.
 *
 * With JavaScript the two follow each other (typing 2015-08 chooses "month"; choosing "year" shortens 2015-08-30 to
 * 2015), the range's end shows only for a range, and a line says how readers will see the date.
 */
type Choice = 'day' | 'month' | 'year' | 'on';
const EXACT = ['year', 'month', 'day'] as const;
const FORMAT = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY', on: 'YYYY' } as const;

function initialChoice(values: Record<string, string>): Choice {
  const posted = values.approximate ?? '';
  if (posted === 'on' || posted === 'true' || posted === '1') return 'on';
  return (
    parsePartialDate(values.eventDate ?? '')?.precision ??
    ((EXACT as readonly string[]).includes(posted) ? (posted as Choice) : 'day')
  );
}

export function EventDateFields({ labels, locale }: { labels: Record<string, string>; locale: string }) {
  const t = useTranslations('curator');
  const state = useFormState();
  const hydrated = useHydrated();
  const [date, setDate] = useState(state.values.eventDate ?? '');
  const [end, setEnd] = useState(state.values.eventDateEnd ?? '');
  const [choice, setChoice] = useState<Choice>(() => initialChoice(state.values));
  const range = choice === 'on';
  // Without JavaScript the end field is always there (its hint says when it counts).
  const showEnd = range || !hydrated;

  function choose(next: Choice) {
    setChoice(next);
    if (next === 'on') return;
    const typed = parsePartialDate(date);
    // A coarser choice shortens a finer date; a finer one waits for the curator to complete it.
    if (typed && EXACT.indexOf(typed.precision) > EXACT.indexOf(next))
      setDate(next === 'year' ? typed.date.slice(0, 4) : typed.date.slice(0, 7));
  }

  let preview: string | null = null;
  if (hydrated) {
    const typed = parsePartialDate(date);
    if (!date.trim()) preview = t('dates.noDate');
    else if (!range && typed && typed.precision !== choice) preview = t('dates.complete', { format: FORMAT[choice] });
    else {
      const parsed = parseEventDate(date, range ? end : '', range);
      if (parsed.ok) preview = t('dates.preview', { date: formatEventDate(parsed.value, locale) });
    }
  }

  return (
    <div className="date-fields">
      <div className="date-row">
        <FieldFrame name="eventDate" label={labels.eventDate!} hint={t('hints.eventDate')}>
          {(a11y) => (
            <>
              <input
                {...a11y}
                aria-describedby={`${String(a11y['aria-describedby'])}${preview ? ' f-eventDate-preview' : ''}`}
                type="text"
                dir="ltr"
                autoComplete="off"
                placeholder={FORMAT[choice]}
                value={date}
                onChange={(e) => {
                  setDate(e.target.value);
                  const typed = parsePartialDate(e.target.value);
                  if (typed && !range) setChoice(typed.precision);
                }}
              />
              {preview && (
                <p className="hint date-preview" id="f-eventDate-preview">
                  {preview}
                </p>
              )}
            </>
          )}
        </FieldFrame>
        <FieldFrame name="approximate" label={labels.eventDatePrecision!}>
          {(a11y) => (
            <select {...a11y} value={choice} onChange={(e) => choose(e.target.value as Choice)}>
              <option value="day">{t('dates.day')}</option>
              <option value="month">{t('dates.month')}</option>
              <option value="year">{t('dates.year')}</option>
              <option value="on">{t('dates.range')}</option>
            </select>
          )}
        </FieldFrame>
      </div>
      {showEnd && (
        <FieldFrame name="eventDateEnd" label={labels.eventDateEnd!} hint={t('hints.eventDateEnd')}>
          {(a11y) => (
            <input
              {...a11y}
              type="text"
              dir="ltr"
              autoComplete="off"
              placeholder={FORMAT.on}
              value={end}
              onChange={(e) => setEnd(e.target.value)}
            />
          )}
        </FieldFrame>
      )}
    </div>
  );
}
