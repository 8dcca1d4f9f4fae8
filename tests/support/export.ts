/**
 * Helpers for the export tests (unit and e2e): reading CSV back with csv-parse, and checking a data package
 * against its own datapackage.json the way the Frictionless tools would (header, types, required values,
 * allowed values, primary keys, foreign keys).
 */
import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';

/**
 * Parses a CSV as a spreadsheet or pandas would, and insists on RFC 4180: outside quoted fields every line break is
 * CRLF, and any line break (CRLF, LF or CR) ends a record, so an unquoted line break inside a value makes a row of
 * the wrong width and fails.
 */
export function parseCsv(text: string): string[][] {
  const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
  if (/\r(?!\n)|(?<!\r)\n/.test(outsideQuotes)) throw new Error('a line break outside quotes is not CRLF');
  if (outsideQuotes.includes('"')) throw new Error('a stray quote outside a quoted field');
  return parse(text, {
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: false,
    skip_empty_lines: false,
  }) as string[][];
}

/** A CSV as objects keyed by its header. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

export function unzipText(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

type Field = { name: string; type: string; format?: string; constraints?: { required?: boolean; enum?: string[] } };
type Resource = {
  name: string;
  path: string;
  encoding?: string;
  format?: string;
  mediatype?: string;
  schema: {
    fields: Field[];
    primaryKey: string | string[];
    foreignKeys?: { fields: string | string[]; reference: { resource: string; fields: string | string[] } }[];
    missingValues?: string[];
  };
};

const asList = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function typeError(type: string, value: string): string | null {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(value) ? null : 'not an integer';
    case 'number':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) && Number.isFinite(Number(value)) ? null : 'not a number';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'not true/false';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
        ? null
        : 'not an ISO date';
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'not an ISO 8601 UTC date-time';
    case 'string':
      return null;
    default:
      return `unknown type ${type}`;
  }
}

/** Every way the files break their own datapackage.json; [] when the package is valid. */
export function validateDataPackage(files: Record<string, string>): string[] {
  const errors: string[] = [];
  const descriptor = JSON.parse(files['datapackage.json'] ?? 'null') as {
    profile: string;
    resources: Resource[];
  } | null;
  if (!descriptor) return ['datapackage.json is missing'];
  if (descriptor.profile !== 'tabular-data-package') errors.push(`profile is ${descriptor.profile}`);
  const tables = new Map<string, { fields: Field[]; rows: Record<string, string>[] }>();

  for (const resource of descriptor.resources) {
    const text = files[resource.path];
    if (text === undefined) {
      errors.push(`${resource.path}: missing`);
      continue;
    }
    if (resource.encoding !== 'utf-8' || resource.format !== 'csv' || resource.mediatype !== 'text/csv')
      errors.push(`${resource.name}: format, mediatype or encoding`);
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (error) {
      errors.push(`${resource.path}: ${(error as Error).message}`);
      continue;
    }
    const [header = [], ...body] = rows;
    const fields = resource.schema.fields;
    if (header.join(',') !== fields.map((f) => f.name).join(','))
      errors.push(`${resource.path}: header ${header.join(',')} does not match the schema's fields`);
    const missing = new Set(resource.schema.missingValues ?? ['']);
    const records = body.map((row) => Object.fromEntries(fields.map((f, i) => [f.name, row[i] ?? ''])));
    records.forEach((record, n) => {
      for (const f of fields) {
        const value = record[f.name]!;
        if (missing.has(value)) {
          if (f.constraints?.required) errors.push(`${resource.path} row ${n + 1}: ${f.name} is required`);
          continue;
        }
        const problem = typeError(f.type, value);
        if (problem) errors.push(`${resource.path} row ${n + 1}: ${f.name} "${value.slice(0, 40)}" is ${problem}`);
        if (f.constraints?.enum && !f.constraints.enum.includes(value))
          errors.push(`${resource.path} row ${n + 1}: ${f.name} "${value}" is not an allowed value`);
        if (f.format === 'uri' && !/^https?:\/\/\S+$/.test(value))
          errors.push(`${resource.path} row ${n + 1}: ${f.name} is not a URL`);
      }
    });
    const pk = asList(resource.schema.primaryKey);
    const seen = new Set<string>();
    for (const record of records) {
      const key = pk.map((k) => record[k]).join('\u0000');
      if (pk.some((k) => !record[k])) errors.push(`${resource.path}: empty primary key`);
      if (seen.has(key)) errors.push(`${resource.path}: duplicate primary key ${key}`);
      seen.add(key);
    }
    tables.set(resource.name, { fields, rows: records });
  }

  for (const resource of descriptor.resources) {
    const table = tables.get(resource.name);
    if (!table) continue;
    for (const fk of resource.schema.foreignKeys ?? []) {
      const target = tables.get(fk.reference.resource);
      if (!target) {
        errors.push(`${resource.name}: foreign key to missing resource ${fk.reference.resource}`);
        continue;
      }
      const keys = new Set(
        target.rows.map((r) =>
          asList(fk.reference.fields)
            .map((k) => r[k])
            .join('\u0000'),
        ),
      );
      for (const record of table.rows) {
        const values = asList(fk.fields).map((k) => record[k]);
        if (values.every((v) => v === '')) continue;
        if (!keys.has(values.join('\u0000')))
          errors.push(
            `${resource.name}: ${asList(fk.fields).join(',')}=${values.join(',')} not found in ${fk.reference.resource}`,
          );
      }
    }
  }
  return errors;
}
