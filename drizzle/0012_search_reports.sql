-- The search index gains a `reports` column: the published, live reports of a monument (summaries in English and
-- Arabic, reported actors) and their live sources (titles, publishers, citation quotes), folded like the names
-- (db/queries/search-index.ts). FTS5 cannot add a column: the table is made again, empty, and the stored index
-- version is dropped so that the next start (scripts/prepare-db.ts, `npm run db:migrate`) rebuilds it.
DROP TABLE `search_index`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_index` USING fts5(
  `kind` UNINDEXED,
  `ref_id` UNINDEXED,
  `names`,
  `body`,
  `facets`,
  `reports`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
DELETE FROM `meta` WHERE `key` = 'search_index_version';
--> statement-breakpoint
-- "Did you mean …": every folded word of the indexed names (monuments, their other names, sites) with how many
-- entries hold it, kept with the index (db/queries/search-index.ts) and rebuilt with it.
CREATE TABLE `search_words` (
  `word` text PRIMARY KEY NOT NULL,
  `entries` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
-- Monument positions for `bbox`: an R*Tree (one point per monument with coordinates), kept by triggers so that every
-- writer (forms, imports, scripts) keeps it in step.
CREATE VIRTUAL TABLE `monument_geo` USING rtree(`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`);
--> statement-breakpoint
INSERT INTO `monument_geo` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
  SELECT `id`, `longitude`, `longitude`, `latitude`, `latitude` FROM `monuments`
  WHERE `latitude` IS NOT NULL AND `longitude` IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `monuments_geo_insert` AFTER INSERT ON `monuments`
  WHEN NEW.`latitude` IS NOT NULL AND NEW.`longitude` IS NOT NULL BEGIN
  INSERT INTO `monument_geo` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
    VALUES (NEW.`id`, NEW.`longitude`, NEW.`longitude`, NEW.`latitude`, NEW.`latitude`);
END;
--> statement-breakpoint
CREATE TRIGGER `monuments_geo_update` AFTER UPDATE OF `latitude`, `longitude` ON `monuments` BEGIN
  DELETE FROM `monument_geo` WHERE `id` = OLD.`id`;
  INSERT INTO `monument_geo` (`id`, `min_lon`, `max_lon`, `min_lat`, `max_lat`)
    SELECT NEW.`id`, NEW.`longitude`, NEW.`longitude`, NEW.`latitude`, NEW.`latitude`
    WHERE NEW.`latitude` IS NOT NULL AND NEW.`longitude` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `monuments_geo_delete` AFTER DELETE ON `monuments` BEGIN
  DELETE FROM `monument_geo` WHERE `id` = OLD.`id`;
END;
