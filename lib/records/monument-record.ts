/**
 * The monument's record module: how its writes reach the database (lib/records/module.ts). Its fields, form schema
 * and importer columns are in lib/records/monument.ts, which stays free of the database so that the export's
 * column list and the forms can read it.
 */
import type { FieldErrors } from '../forms';
import { getSiteById } from '../../db/queries/sites';
import { getMonumentById, insertMonument, updateMonument } from '../../db/queries/monuments';
import { hasRole } from '../auth/roles';
import { written, type RecordModule } from './module';
import { monumentFormValues, parseMonumentForm, type AltNameData, type MonumentData } from './monument';

/** Monuments: editors create them; contributors' edits are proposals. Alternative names travel with the record. */
export const monumentRecord: RecordModule<MonumentData & { altNames: AltNameData[] }> = {
  type: 'monument',
  folder: 'monuments',
  createRole: 'editor',
  uniqueFields: { 'monuments.slug': 'slug' },
  parseForm: parseMonumentForm,
  formValues: monumentFormValues,
  referenceErrors: (db, data): FieldErrors => {
    const site = getSiteById(db, data.siteId);
    return site && !site.deletedAt ? {} : { siteId: ['unknownSite'] };
  },
  get: getMonumentById,
  create: (tx, { altNames, ...input }, curator) => ({
    id: insertMonument(tx, input, altNames, { userId: curator.id }).id,
    saved: 'created',
  }),
  writesDirectly: (curator) => hasRole(curator.role, 'editor'),
  update: (tx, id, version, { altNames, ...input }, curator) =>
    written(updateMonument(tx, id, version, input, altNames, { userId: curator.id })),
  proposal: (_tx, { altNames, ...input }) => ({ values: input, altNames }),
};
