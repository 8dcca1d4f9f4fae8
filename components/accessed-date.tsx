'use client';

import { useEffect, useState } from 'react';

/** Today's date, filled in by the reader's browser: a cached page must not freeze the "accessed" date of a citation. */
export function AccessedDate({ locale }: { locale: string }) {
  const [today, setToday] = useState<string>('');
  useEffect(() => {
    setToday(new Intl.DateTimeFormat(locale === 'ar' ? 'ar-SY' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', numberingSystem: 'latn' }).format(new Date()));
  }, [locale]);
  return <time suppressHydrationWarning>{today}</time>;
}
