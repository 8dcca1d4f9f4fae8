-- As-you-type suggestions (GET /api/v1/suggest; db/queries/suggest.js): every name of a live monument or site, folded
-- as lib/fold.js folds queries, once from each of its words on ("temple of bel", "of bel", "bel"), with `tier` 0 for
-- a whole name and 1 from a later word. A typed prefix is one range of the primary key, read in order and cut at the
-- limit: its cost does not grow with the number of names sharing the prefix. `entry` numbers records as the search
-- index does (monument id * 2, site id * 2 + 1). Kept in step by db/queries/search-index.ts in the same transaction
-- as every write; the stored index version is dropped so that the next start builds it from the records
-- (scripts/prepare-db.ts, ensureSearchIndexVersion), since SQL cannot fold text.
CREATE TABLE `suggest_names` (
  `tier` integer NOT NULL,
  `key` text NOT NULL,
  `entry` integer NOT NULL,
  PRIMARY KEY (`tier`, `key`, `entry`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `suggest_names_entry_idx` ON `suggest_names` (`entry`);
--> statement-breakpoint
DELETE FROM `meta` WHERE `key` = 'search_index_version';
