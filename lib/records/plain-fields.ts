/**
 * Plain fields: a record's fields that are nothing but a value in its own table (free text, a number, a code from a
 * vocabulary). Each is declared once, in its record module, with everything the registry does with it: the form
 * schema, the form widget and section, the export column and the importer column. The form renders them, the
 * export writes them and the importer reads them from that one declaration (docs/data-model.md, "Adding a field to
 * monuments"). Pure: the export's column list and the database layer read it too.
 */
import type { z } from 'zod';
import { vocabularies, type VocabularyName } from '../vocab';
import { codeField, textField, valueField, type FieldSpec } from '../import/fields';
import type { Bilingual, ColumnDef } from '../export/columns';

/** How the form asks for the value. Its label is the catalog's curator.fields.<key>, in both languages. */
export type PlainWidget =
  | {
      type: 'text';
      /** Direction of what is typed: identifiers are left to right, Arabic text right to left, in any page. */
      dir?: 'ltr' | 'rtl';
      lang?: string;
      inputMode?: 'numeric' | 'decimal';
      /** A hint under the label: the key of its text in curator.hints. */
      hint?: string;
    }
  | { type: 'textarea'; rows?: number; dir?: 'rtl'; lang?: string; hint?: string }
  /** A decimal number (typed with a point or a comma, left to right). */
  | { type: 'number'; hint?: string }
  /** One code of a vocabulary (lib/vocab.ts), shown by its label in the page's language. */
  | { type: 'select'; vocabulary: VocabularyName; hint?: string };

/**
 * What its export column holds (its name is the field's `column`). A select field is exported as its code and its
 * English and Arabic labels (three columns); a string is `text` (neutralised against spreadsheet formulas) unless
 * its form is constrained (`identifier`).
 */
export type PlainExport =
  | { type: 'string'; role: 'text' | 'identifier'; description: Bilingual }
  | { type: 'number' | 'integer'; description: Bilingual }
  | { type: 'code'; description: Bilingual };

export interface PlainField<
  K extends string = string,
  S extends z.ZodType<unknown, string> = z.ZodType<unknown, string>,
> {
  /** The record property, form field and label key (camelCase, as in db/schema.ts). */
  key: K;
  /** Its column in the export, the import and (the database's name of) the table: snake_case. */
  column: string;
  /** The form's schema of the value (strings in; blank optional fields become null). */
  schema: S;
  required?: boolean;
  /** The fieldset of the form it is shown in, after that fieldset's hand-written fields. */
  section: string;
  widget: PlainWidget;
  export: PlainExport;
}

/** Declares one plain field, keeping its key and schema types (so the record's data type knows the field). */
export function plainField<const K extends string, S extends z.ZodType<unknown, string>>(
  field: PlainField<K, S>,
): PlainField<K, S> {
  return field;
}

/** The fields' schemas by key, to spread into the record's form schema (z.object). */
export function plainShape<const F extends readonly PlainField<string, z.ZodType<unknown, string>>[]>(
  fields: F,
): { [P in F[number] as P['key']]: P['schema'] } {
  return Object.fromEntries(fields.map((f) => [f.key, f.schema])) as { [P in F[number] as P['key']]: P['schema'] };
}

/** The importer's spec of a plain field: text compared as text, codes by their code or label, the rest exactly. */
export function plainImportSpec(field: PlainField): FieldSpec {
  const o = field.required ? { required: true } : {};
  if (field.widget.type === 'select')
    return codeField(field.column, field.key, vocabularies[field.widget.vocabulary].terms, o);
  if (field.export.type === 'string' && field.export.role === 'text')
    return textField(field.column, field.key, field.schema, o);
  return valueField(field.column, field.key, field.schema, o);
}

/** The export columns of a plain field (a select field: its code, then its English and Arabic labels). */
export function plainColumns(field: PlainField): ColumnDef[] {
  const e = field.export;
  const base = {
    name: field.column,
    field: field.key,
    description: e.description,
    ...(field.required ? { required: true } : {}),
  };
  if (e.type === 'code') {
    if (field.widget.type !== 'select') throw new Error(`${field.key}: a code column needs a select widget`);
    const vocabulary = field.widget.vocabulary;
    const label = (lang: 'en' | 'ar', description: Bilingual): ColumnDef => ({
      name: `${field.column}_${lang}`,
      type: 'string',
      role: 'label',
      vocabulary,
      labelOf: { column: field.column, lang },
      description,
      ...(field.required ? { required: true } : {}),
    });
    return [
      { ...base, type: 'string', role: 'code', vocabulary },
      label('en', { en: `English label of ${field.column}.`, ar: `التسمية الإنجليزية لـ ${field.column}.` }),
      label('ar', { en: `Arabic label of ${field.column}.`, ar: `التسمية العربية لـ ${field.column}.` }),
    ];
  }
  if (e.type === 'string') return [{ ...base, type: 'string', role: e.role }];
  return [{ ...base, type: e.type }];
}

/** What the (client) form needs of a plain field: no schema, so it travels as a prop. */
export interface PlainFormField {
  key: string;
  section: string;
  required: boolean;
  widget: PlainWidget;
}

export const plainFormFields = (fields: readonly PlainField[]): PlainFormField[] =>
  fields.map((f) => ({ key: f.key, section: f.section, required: !!f.required, widget: f.widget }));

/** The fields whose values are vocabulary codes, with their vocabulary (histories and conflict tables label them). */
export const plainVocabularies = (
  fields: readonly Pick<PlainField, 'key' | 'widget'>[],
): Record<string, VocabularyName> =>
  Object.fromEntries(fields.flatMap((f) => (f.widget.type === 'select' ? [[f.key, f.widget.vocabulary]] : [])));
