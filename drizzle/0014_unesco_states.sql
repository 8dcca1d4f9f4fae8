-- Sites as UNESCO lists them: a site may carry no state code (the list's id_no 148, Jerusalem, has none) and keeps
-- UNESCO's own states text instead; a code is never invented. SQLite cannot change a CHECK in place, so the table is
-- rebuilt. The migrator runs inside one transaction, where PRAGMA foreign_keys=OFF does nothing: the rows are kept
-- aside, the old table dropped with its monuments' references deferred (defer_foreign_keys lasts until the commit),
-- the new table renamed into place with legacy_alter_table on (other tables' triggers name "sites", which does not
-- exist for that moment) and the rows put back, which satisfies the deferred references again. The indexes and the
-- change-stamp triggers (migration 0007, now also watching the states text) are recreated.
DROP TRIGGER `sites_stamp_insert`;--> statement-breakpoint
DROP TRIGGER `sites_stamp_update`;--> statement-breakpoint
DROP TRIGGER `sites_stamp_delete`;--> statement-breakpoint
PRAGMA defer_foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `sites_0014` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`unesco_id_no` integer,
	`name` text NOT NULL,
	`name_ar` text,
	`name_fr` text,
	`country_codes` text DEFAULT '' NOT NULL,
	`states_name` text,
	`states_name_ar` text,
	`latitude` real,
	`longitude` real,
	`year_inscribed` integer,
	`criteria` text,
	`in_danger` integer DEFAULT false NOT NULL,
	`in_danger_since` integer,
	`wikidata_qid` text,
	`description` text,
	`description_ar` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	CONSTRAINT "sites_slug_format" CHECK("slug" GLOB '[a-z0-9]*' AND "slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "sites_country_codes_format" CHECK("country_codes" = '' OR ("country_codes" GLOB '[A-Z][A-Z]*' AND "country_codes" NOT GLOB '*[^A-Z,]*')),
	CONSTRAINT "sites_where" CHECK("country_codes" <> '' OR trim(coalesce("states_name", '')) <> ''),
	CONSTRAINT "sites_latitude_range" CHECK("latitude" IS NULL OR "latitude" BETWEEN -90 AND 90),
	CONSTRAINT "sites_longitude_range" CHECK("longitude" IS NULL OR "longitude" BETWEEN -180 AND 180),
	CONSTRAINT "sites_wikidata_format" CHECK("wikidata_qid" IS NULL OR "wikidata_qid" GLOB 'Q[0-9]*'),
	CONSTRAINT "sites_name_not_blank" CHECK(trim("name") <> '')
);
--> statement-breakpoint
CREATE TABLE `sites_0014_rows` AS SELECT * FROM `sites`;--> statement-breakpoint
CREATE TABLE `sites_0014_seq` AS SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'sites';--> statement-breakpoint
DROP TABLE `sites`;--> statement-breakpoint
PRAGMA legacy_alter_table=ON;--> statement-breakpoint
ALTER TABLE `sites_0014` RENAME TO `sites`;--> statement-breakpoint
PRAGMA legacy_alter_table=OFF;--> statement-breakpoint
INSERT INTO `sites`("id", "slug", "unesco_id_no", "name", "name_ar", "name_fr", "country_codes", "latitude", "longitude", "year_inscribed", "criteria", "in_danger", "in_danger_since", "wikidata_qid", "description", "description_ar", "version", "created_at", "updated_at", "deleted_at") SELECT "id", "slug", "unesco_id_no", "name", "name_ar", "name_fr", "country_codes", "latitude", "longitude", "year_inscribed", "criteria", "in_danger", "in_danger_since", "wikidata_qid", "description", "description_ar", "version", "created_at", "updated_at", "deleted_at" FROM `sites_0014_rows` ORDER BY `id`;--> statement-breakpoint
-- Ids are never reused: the new table continues the old one's AUTOINCREMENT counter (hard-deleted ids included).
INSERT INTO `sqlite_sequence` (`name`, `seq`) SELECT 'sites', `seq` FROM `sites_0014_seq` WHERE NOT EXISTS (SELECT 1 FROM `sqlite_sequence` WHERE `name` = 'sites');--> statement-breakpoint
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, coalesce((SELECT `seq` FROM `sites_0014_seq`), 0)) WHERE `name` = 'sites';--> statement-breakpoint
DROP TABLE `sites_0014_rows`;--> statement-breakpoint
DROP TABLE `sites_0014_seq`;--> statement-breakpoint
CREATE UNIQUE INDEX `sites_slug_unique` ON `sites` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `sites_unesco_id_no_unique` ON `sites` (`unesco_id_no`);--> statement-breakpoint
CREATE TRIGGER `sites_stamp_insert` AFTER INSERT ON `sites` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (SELECT 'site:' || NEW.`slug` AS s UNION SELECT 'all') WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `sites_stamp_update` AFTER UPDATE ON `sites`
  WHEN OLD.`slug` IS NOT NEW.`slug` OR OLD.`unesco_id_no` IS NOT NEW.`unesco_id_no` OR OLD.`name` IS NOT NEW.`name` OR OLD.`name_ar` IS NOT NEW.`name_ar` OR OLD.`name_fr` IS NOT NEW.`name_fr` OR OLD.`country_codes` IS NOT NEW.`country_codes` OR OLD.`states_name` IS NOT NEW.`states_name` OR OLD.`states_name_ar` IS NOT NEW.`states_name_ar` OR OLD.`latitude` IS NOT NEW.`latitude` OR OLD.`longitude` IS NOT NEW.`longitude` OR OLD.`year_inscribed` IS NOT NEW.`year_inscribed` OR OLD.`criteria` IS NOT NEW.`criteria` OR OLD.`in_danger` IS NOT NEW.`in_danger` OR OLD.`in_danger_since` IS NOT NEW.`in_danger_since` OR OLD.`wikidata_qid` IS NOT NEW.`wikidata_qid` OR OLD.`description` IS NOT NEW.`description` OR OLD.`description_ar` IS NOT NEW.`description_ar` OR OLD.`version` IS NOT NEW.`version` OR OLD.`updated_at` IS NOT NEW.`updated_at` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'site:' || OLD.`slug` AS s UNION SELECT 'site:' || NEW.`slug` UNION SELECT 'all'
      UNION SELECT 'monument:' || `slug` FROM `monuments` WHERE `site_id` = NEW.`id`
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `sites_stamp_delete` AFTER DELETE ON `sites` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (SELECT 'site:' || OLD.`slug` AS s UNION SELECT 'all') WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
