-- The search index gains a `facets` column: the filters a search combines with a text query (kind, current status,
-- country, site) as tokens (kindtemple, statusdestroyed, countrysy, site12; db/queries/search-index.ts), so that
-- "bel" with status=destroyed is one full-text query, counted and ranked from the index alone (bench/search.ts).
-- FTS5 cannot add a column: the table is made again, empty, and the stored index version is dropped so that the
-- next start rebuilds it from the records (scripts/prepare-db.ts, ensureSearchIndexVersion).
DROP TABLE `search_index`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_index` USING fts5(
  `kind` UNINDEXED,
  `ref_id` UNINDEXED,
  `names`,
  `body`,
  `facets`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
DELETE FROM `meta` WHERE `key` = 'search_index_version';
