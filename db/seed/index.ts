import { and, eq } from 'drizzle-orm';
import { transaction, type Db } from '../index';
import { reports } from '../schema';
import { insertSite } from '../queries/sites';
import { insertMonument } from '../queries/monuments';
import { findMonumentRefBySlug, findSiteRefBySlug } from '../queries/import';
import { findSourceByTitle, insertSource } from '../queries/sources';
import { insertReport } from '../queries/reports';
import type { Actor } from '../queries/revisions';
import { seedMonuments, seedReports, seedSites, seedSources } from './data';

const SEED: Actor = { agent: 'seed' };

/**
 * Loads the demo data. Idempotent: records are matched by slug (sites, monuments), title (sources) or
 * monument + summary (reports); what exists is left alone, so curated corrections are never overwritten, and what a
 * curator deleted stays deleted (with its reports left out).
 * Returns how many records it created.
 */
export function seedDatabase(): { created: number } {
  return transaction((db: Db) => {
    let created = 0;
    const siteIds = new Map<string, number>();
    const deleted = new Set<string>();
    for (const s of seedSites) {
      const existing = findSiteRefBySlug(db, s.slug);
      if (existing?.deletedAt) deleted.add(`site:${s.slug}`);
      siteIds.set(s.slug, existing?.id ?? (created++, insertSite(db, s, SEED).id));
    }
    const monumentIds = new Map<string, number>();
    for (const { site, altNames, ...m } of seedMonuments) {
      const existing = findMonumentRefBySlug(db, m.slug);
      if (existing?.deletedAt || (!existing && deleted.has(`site:${site}`))) {
        deleted.add(`monument:${m.slug}`);
        continue;
      }
      monumentIds.set(
        m.slug,
        existing?.id ?? (created++, insertMonument(db, { ...m, siteId: siteIds.get(site)! }, altNames, SEED).id),
      );
    }
    const sourceIds = new Map<string, number>();
    for (const { key, ...s } of seedSources) {
      const existing = findSourceByTitle(db, s.title);
      sourceIds.set(key, existing?.id ?? (created++, insertSource(db, s, SEED).id));
    }
    for (const { monument, citations, ...r } of seedReports) {
      const monumentId = monumentIds.get(monument);
      if (monumentId === undefined) continue; // its monument (or site) was deleted
      const exists = db
        .select({ id: reports.id })
        .from(reports)
        .where(and(eq(reports.monumentId, monumentId), eq(reports.summary, r.summary)))
        .get();
      if (exists) continue;
      insertReport(
        db,
        { ...r, monumentId },
        citations.map((c) => ({ sourceId: sourceIds.get(c.source)!, stance: c.stance, quote: c.quote ?? null })),
        SEED,
      );
      created++;
    }
    return { created };
  });
}
