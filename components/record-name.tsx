import { localisedName } from '@/lib/i18n-format';

/** A name in the page's language, with the other language alongside, each isolated so mixed scripts never scramble. */
export function RecordName({
  record,
  locale,
  as: Tag = 'span',
}: {
  record: { name: string; nameAr: string | null };
  locale: string;
  as?: 'span' | 'h1';
}) {
  const n = localisedName(record, locale);
  return (
    <Tag className="record-name">
      <bdi lang={n.primaryLang}>{n.primary}</bdi>
      {n.secondary && (
        <>
          {' '}
          <bdi className="record-name-other" lang={n.secondaryLang} dir={n.secondaryLang === 'ar' ? 'rtl' : 'ltr'}>
            {n.secondary}
          </bdi>
        </>
      )}
    </Tag>
  );
}
