-- Dated releases of the published dataset: the bytes of dataset.zip as cut, kept in the database so that backups carry
-- them. The dataset version's history (every value `meta.dataset_version` took, and when), so that
-- /export/dataset.zip?as_of= can name the version the data had at that time; triggers keep it, whoever writes.
CREATE TABLE `dataset_version_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dataset_version_log_at_idx` ON `dataset_version_log` (`at`);--> statement-breakpoint
CREATE TABLE `releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` text NOT NULL,
	`as_of` text NOT NULL,
	`dataset_version` text,
	`licence` text NOT NULL,
	`licence_url` text NOT NULL,
	`base_url` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`zip` blob NOT NULL,
	`created_by` integer,
	`agent` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "releases_version_format" CHECK("releases"."version" GLOB '[0-9A-Za-z]*' AND "releases"."version" NOT GLOB '*[^0-9A-Za-z.-]*'),
	CONSTRAINT "releases_size" CHECK("releases"."bytes" = length("releases"."zip"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `releases_version_unique` ON `releases` (`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `releases_as_of_unique` ON `releases` (`as_of`);
--> statement-breakpoint
-- The version as it stands now is its first entry (older times fall back to the revisions: docs/export.md).
INSERT INTO `dataset_version_log` (`at`, `value`)
  SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), `value` FROM `meta` WHERE `key` = 'dataset_version';
--> statement-breakpoint
CREATE TRIGGER `meta_dataset_version_insert` AFTER INSERT ON `meta` WHEN NEW.`key` = 'dataset_version' BEGIN
  INSERT INTO `dataset_version_log` (`at`, `value`) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NEW.`value`);
END;
--> statement-breakpoint
CREATE TRIGGER `meta_dataset_version_update` AFTER UPDATE ON `meta`
  WHEN NEW.`key` = 'dataset_version' AND OLD.`value` IS NOT NEW.`value` BEGIN
  INSERT INTO `dataset_version_log` (`at`, `value`) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NEW.`value`);
END;
--> statement-breakpoint
-- A new release is named on /export, /export/releases and every monument's "Cite this": their kept pages are stale.
CREATE TRIGGER `releases_stamp_insert` AFTER INSERT ON `releases` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'all' AS s UNION ALL SELECT 'monument:' || `slug` FROM `monuments`
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
