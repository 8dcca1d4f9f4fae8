'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { SuggestionJson } from '@/lib/suggest';

const noSubscription = () => () => {};
/** True once React runs in the browser: the box is a plain search field until then, and without JavaScript. */
const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

/** Letters and digits typed (what the API counts before it suggests anything). */
const letters = (text: string) => (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
const DEBOUNCE_MS = 150;

/**
 * The `q` field of a search form that suggests monuments and sites as the reader types (GET /api/v1/suggest), in the
 * WAI-ARIA 1.2 combobox pattern with a list box popup: Down and Up move through the suggestions (Home and End to the
 * first and last once one is chosen), Enter opens the chosen one's page, Escape closes the list, and a polite live
 * region says how many there are. Enter with none chosen submits the form: the search as before. Without JavaScript
 * (and until it runs) the field is the plain search field it always was.
 */
export function SuggestInput({
  id,
  locale,
  statusLabels,
  describedBy,
}: {
  id: string;
  locale: 'en' | 'ar';
  /** Damage level labels in the page's language, by code (the shared vocabulary, given by the server component). */
  statusLabels: Record<string, string>;
  describedBy?: string;
}) {
  const t = useTranslations('browse.suggest');
  const hydrated = useHydrated();
  const listId = `${id}-suggestions`;
  const hintId = `${id}-suggest-hint`;
  const optionId = (i: number) => `${id}-suggestion-${i}`;
  const [options, setOptions] = useState<SuggestionJson[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  // The live region joins the page when the reader first comes to the box (and before anything is said in it): every
  // page has this box in its header, and a page's own status messages stay the first on it.
  const [engaged, setEngaged] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );

  const expanded = open && options.length > 0;
  useEffect(() => {
    if (expanded && active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  function close() {
    setOpen(false);
    setActive(-1);
  }

  function lookUp(text: string) {
    clearTimeout(timer.current);
    inflight.current?.abort();
    if (letters(text) < 2) {
      setOptions([]);
      close();
      setStatus('');
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      inflight.current = controller;
      const query = new URLSearchParams({ q: text.trim(), locale });
      fetch(`/api/v1/suggest?${query}`, { signal: controller.signal, headers: { accept: 'application/json' } })
        .then((res) => (res.ok ? (res.json() as Promise<{ data: SuggestionJson[] }>) : null))
        .then((body) => {
          if (!body || controller.signal.aborted) return;
          setOptions(body.data);
          setActive(-1);
          setOpen(body.data.length > 0);
          setStatus(t('count', { count: body.data.length }));
        })
        .catch(() => {
          /* aborted by newer typing, or offline: the plain search still works */
        });
    }, DEBOUNCE_MS);
  }

  function choose(index: number) {
    const option = options[index];
    if (!option) return;
    close();
    setStatus(option.name);
    window.location.assign(option.path);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const count = options.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (count === 0) return;
        e.preventDefault();
        const down = e.key === 'ArrowDown';
        if (!expanded) {
          setOpen(true);
          setActive(down ? 0 : count - 1);
        } else setActive((a) => (down ? (a + 1) % count : a <= 0 ? count - 1 : a - 1));
        return;
      }
      case 'Home':
      case 'End':
        // With a suggestion chosen, Home and End move through the list; otherwise they move the caret as usual.
        if (!expanded || active < 0) return;
        e.preventDefault();
        setActive(e.key === 'Home' ? 0 : count - 1);
        return;
      case 'Enter':
        if (expanded && active >= 0) {
          e.preventDefault();
          choose(active);
        }
        return; // else the form is submitted: the search as before
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          close();
        }
        return;
      case 'Tab':
        close();
        return;
    }
  }

  const detail = (o: SuggestionJson) =>
    o.type === 'site'
      ? t('site')
      : [o.site?.name, o.status && o.status !== 'unknown' ? statusLabels[o.status] : null].filter(Boolean).join(' · ');

  return (
    <div className="combobox-box suggest-box">
      <input
        id={id}
        name="q"
        type="search"
        maxLength={200}
        dir="auto"
        {...(hydrated && {
          role: 'combobox',
          'aria-autocomplete': 'list' as const,
          'aria-expanded': expanded,
          'aria-controls': listId,
          'aria-activedescendant': expanded && active >= 0 ? optionId(active) : undefined,
          autoComplete: 'off',
          spellCheck: false,
        })}
        aria-describedby={[describedBy, hydrated ? hintId : null].filter(Boolean).join(' ') || undefined}
        onChange={(e) => lookUp(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          setEngaged(true);
          if (options.length > 0 && letters(e.currentTarget.value) >= 2) setOpen(true);
        }}
        onBlur={close}
      />
      {hydrated && (
        <>
          <span id={hintId} className="visually-hidden">
            {t('hint')}
          </span>
          <ul id={listId} role="listbox" aria-label={t('listLabel')} className="combobox-list" hidden={!expanded}>
            {options.map((o, i) => (
              <li
                key={`${o.type}:${o.slug}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(i)}
              >
                <bdi className="suggest-name">{o.name}</bdi>
                {o.other_name && (
                  <>
                    {' '}
                    <bdi className="combobox-detail" lang={locale === 'ar' ? 'en' : 'ar'}>
                      {o.other_name}
                    </bdi>
                  </>
                )}
                <br />
                <span className="combobox-detail">{detail(o)}</span>
              </li>
            ))}
          </ul>
          {engaged && (
            <p className="visually-hidden" role="status">
              {status}
            </p>
          )}
        </>
      )}
    </div>
  );
}
