/** English texts of the import catalog, outside React (scripts/import.ts, scripts/import-whc.ts). */
import { createTranslator } from 'next-intl';
import en from '../../messages/en/import.json';
import type { Translate } from './messages';

export function englishTranslator(): Translate {
  const t = createTranslator({ locale: 'en', messages: { import: en }, namespace: 'import' });
  const translate = ((key: string, values?: Record<string, string | number>) =>
    (t as unknown as (k: string, v?: unknown) => string)(key, values)) as Translate;
  translate.has = (key: string) => (t as unknown as { has(k: string): boolean }).has(key);
  return translate;
}
