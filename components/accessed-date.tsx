'use client';

import { useSyncExternalStore } from 'react';

const noChanges = () => () => {};

/** Today's date, filled in by the reader's browser: a cached page must not freeze the "accessed" date of a citation. */
export function AccessedDate({ locale }: { locale: string }) {
  // Empty on the server (the page is shared), the reader's date once in the browser: the server snapshot differs
  // from the client's on purpose.
  const today = useSyncExternalStore(
    noChanges,
    () =>
      new Intl.DateTimeFormat(locale === 'ar' ? 'ar-SY' : 'en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        numberingSystem: 'latn',
      }).format(new Date()),
    () => '',
  );
  return <time suppressHydrationWarning>{today}</time>;
}
