import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definedVocabularies, termAnchor, vocabularies, type DefinedVocabulary } from '@/lib/vocab';
import { isDamageFinding } from '@/lib/status';
import { tableSchema } from '@/lib/export/datapackage';
import { exportTables } from '@/lib/export/columns';

const defined = Object.keys(definedVocabularies) as DefinedVocabulary[];
const arabic = /[\u0600-\u06FF]/;

describe('vocabulary definitions (the methodology page and the data dictionary)', () => {
  it.each(defined)('%s: every term has an English and an Arabic definition', (name) => {
    for (const term of vocabularies[name].terms as readonly {
      code: string;
      definition?: { en: string; ar: string };
    }[]) {
      expect(term.definition, `${name}.${term.code}`).toBeDefined();
      expect(term.definition!.en.length, `${name}.${term.code} en`).toBeGreaterThan(20);
      expect(term.definition!.ar, `${name}.${term.code} ar`).toMatch(arabic);
      // Not English left in the Arabic column: mostly Arabic letters.
      const latin = term.definition!.ar.match(/[A-Za-z]/g)?.length ?? 0;
      expect(latin, `${name}.${term.code} ar`).toBeLessThan(term.definition!.ar.length / 10);
    }
  });

  it('every damage level names its UNOSAT class, except unknown which is not an assessment', () => {
    for (const term of vocabularies.damageLevel.terms) {
      if (term.code === 'unknown') expect(term.unosat).toBeNull();
      else {
        expect(term.unosat, term.code).toBeTruthy();
        expect(term.definition.en).toContain(`UNOSAT class: ${term.unosat}.`);
      }
    }
  });

  it('the verification definitions state the evidence rules the report module enforces', () => {
    const en = (code: string) => vocabularies.verificationStatus.terms.find((t) => t.code === code)!.definition!.en;
    expect(en('unverified')).toMatch(/at least one supporting source/);
    expect(en('corroborated')).toMatch(/at least two independent publishers/);
    expect(en('confirmed')).toMatch(/satellite imagery, a field survey, or an official damage assessment/);
  });

  it('anchors are unique and stable in form', () => {
    const anchors = defined.flatMap((name) => vocabularies[name].codes.map((code) => termAnchor(name, code)));
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const a of anchors) expect(a).toMatch(/^[a-z]+(-[a-z]+)+$/);
    expect(termAnchor('damageLevel', 'destroyed')).toBe('damage-destroyed');
    expect(termAnchor('damageLevel', 'severe_damage')).toBe('damage-severe-damage');
    expect(termAnchor('verificationStatus', 'corroborated')).toBe('verification-corroborated');
    expect(termAnchor('certainty', 'high')).toBe('certainty-high');
    expect(termAnchor('statusBasis', 'established')).toBe('status-established');
  });

  it('the methodology page renders every anchor (ids built from termAnchor, plus its fixed sections)', () => {
    const page = fs.readFileSync(path.join(process.cwd(), 'app/[locale]/methodology/page.tsx'), 'utf8');
    for (const id of ['evidence-rules', 'not-a-damage-finding', 'contested', 'strength', 'corrections', 'licence'])
      expect(page).toContain(`id="${id}"`);
  });

  it('a report is a damage finding unless its level is unknown or its cause is misuse', () => {
    expect(isDamageFinding({ damageLevel: 'destroyed', cause: 'explosives' })).toBe(true);
    expect(isDamageFinding({ damageLevel: 'possible_damage', cause: null })).toBe(true);
    expect(isDamageFinding({ damageLevel: 'unknown', cause: 'explosives' })).toBe(false);
    expect(isDamageFinding({ damageLevel: 'unknown', cause: 'misuse' })).toBe(false);
    expect(isDamageFinding({ damageLevel: 'moderate_damage', cause: 'misuse' })).toBe(false);
  });

  it("the data package's field descriptions carry the definitions of coded columns, not of label columns", () => {
    const reports = exportTables.find((t) => t.name === 'reports')!;
    const fields = tableSchema(reports).fields;
    const level = fields.find((f) => f.name === 'damage_level')!;
    expect(level.description).toContain(vocabularies.damageLevel.terms.at(-1)!.definition.en);
    expect(fields.find((f) => f.name === 'verification_status')!.description).toContain(
      'corroborated: Supported by sources from at least two independent publishers',
    );
    expect(fields.find((f) => f.name === 'damage_level_en')!.description).not.toContain('UNOSAT');
  });
});
