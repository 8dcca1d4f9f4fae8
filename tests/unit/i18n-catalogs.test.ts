import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { namespaces } from '@/i18n/namespaces';
import { locales } from '@/i18n/routing';
import { vocabularies } from '@/lib/vocab';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const catalog = (locale: string, ns: string) =>
  flatten(JSON.parse(fs.readFileSync(path.join(process.cwd(), 'messages', locale, `${ns}.json`), 'utf8')) as Tree);

/** ICU placeholders used by a message ({name}, {count, plural, …}). */
const placeholders = (message: string) => new Set([...message.matchAll(/\{\s*([a-zA-Z_]+)\s*[,}]/g)].map((m) => m[1]));

describe('message catalogs', () => {
  it('exist for every namespace in both languages', () => {
    const files = fs
      .readdirSync(path.join(process.cwd(), 'messages', 'en'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...namespaces].sort());
    for (const locale of locales)
      for (const ns of namespaces) expect(() => catalog(locale, ns), `${locale}/${ns}`).not.toThrow();
  });

  it.each([...namespaces])('%s: every key is present in English and Arabic, none empty, same placeholders', (ns) => {
    const en = catalog('en', ns);
    const ar = catalog('ar', ns);
    expect([...ar.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of [...en, ...ar]) expect(value.trim(), `${ns}.${key}`).not.toBe('');
    for (const [key, value] of en) expect(placeholders(ar.get(key)!), `${ns}.${key}`).toEqual(placeholders(value));
  });

  it('Arabic messages are in Arabic script (not left in English)', () => {
    for (const ns of namespaces) {
      for (const [key, value] of catalog('ar', ns)) {
        const text = value.replace(/\{[^{}]*\}/g, '');
        if (
          /[A-Za-z]{4,}/.test(text) &&
          !/[\u0600-\u06FF]/.test(value) &&
          !['common.language.switchTo', 'common.language.switchToLabel'].includes(`${ns}.${key}`)
        ) {
          throw new Error(`ar ${ns}.${key} looks untranslated: ${value}`);
        }
      }
    }
  });

  it('every vocabulary term has an English and an Arabic label', () => {
    for (const [name, vocab] of Object.entries(vocabularies)) {
      for (const term of vocab.terms) {
        expect(term.en.trim(), `${name}.${term.code}`).not.toBe('');
        expect(term.ar, `${name}.${term.code}`).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });
});
