-- Change stamps: every committed change to what readers see bumps one version (`registry_state`) and stamps each
-- public page scope it touches with that version (`page_scopes`: 'all' for the lists, 'monument:<slug>',
-- 'site:<slug>'). Triggers do it, so a change made by any process — a curator's form in any server worker,
-- `npm run import`, a script — is seen by every server, which asks for the scopes stamped after the version it last
-- saw and renders only those pages again (server.js; docs/decisions/009-fresh-cacheable-pages.md).
-- `epoch` is renewed when the whole file is replaced (db:restore): servers then forget every kept page.
CREATE TABLE `registry_state` (
  `id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
  `version` integer NOT NULL,
  `epoch` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `registry_state` (`id`, `version`, `epoch`) VALUES (1, 1, lower(hex(randomblob(8))));
--> statement-breakpoint
CREATE TABLE `page_scopes` (
  `scope` text PRIMARY KEY NOT NULL,
  `version` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `page_scopes_version_idx` ON `page_scopes` (`version`);
--> statement-breakpoint
-- Monuments: their own page (old and new address), their site's page (old and new site), and the lists.
CREATE TRIGGER `monuments_stamp_insert` AFTER INSERT ON `monuments` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || NEW.`slug` AS s UNION SELECT 'site:' || `slug` FROM `sites` WHERE `id` = NEW.`site_id` UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
-- An update that changes nothing (a status recomputed to the same value) stamps nothing.
CREATE TRIGGER `monuments_stamp_update` AFTER UPDATE ON `monuments`
  WHEN OLD.`slug` IS NOT NEW.`slug` OR OLD.`site_id` IS NOT NEW.`site_id` OR OLD.`name` IS NOT NEW.`name` OR OLD.`name_ar` IS NOT NEW.`name_ar` OR OLD.`kind` IS NOT NEW.`kind` OR OLD.`period` IS NOT NEW.`period` OR OLD.`date_built` IS NOT NEW.`date_built` OR OLD.`latitude` IS NOT NEW.`latitude` OR OLD.`longitude` IS NOT NEW.`longitude` OR OLD.`wikidata_qid` IS NOT NEW.`wikidata_qid` OR OLD.`pleiades_id` IS NOT NEW.`pleiades_id` OR OLD.`description` IS NOT NEW.`description` OR OLD.`description_ar` IS NOT NEW.`description_ar` OR OLD.`status_level` IS NOT NEW.`status_level` OR OLD.`status_basis` IS NOT NEW.`status_basis` OR OLD.`status_report_id` IS NOT NEW.`status_report_id` OR OLD.`latest_event_date` IS NOT NEW.`latest_event_date` OR OLD.`version` IS NOT NEW.`version` OR OLD.`updated_at` IS NOT NEW.`updated_at` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || OLD.`slug` AS s UNION SELECT 'monument:' || NEW.`slug`
      UNION SELECT 'site:' || `slug` FROM `sites` WHERE `id` IN (OLD.`site_id`, NEW.`site_id`) UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `monuments_stamp_delete` AFTER DELETE ON `monuments` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || OLD.`slug` AS s UNION SELECT 'site:' || `slug` FROM `sites` WHERE `id` = OLD.`site_id` UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
-- Sites: their page (old and new address), the pages of their monuments (which name the site), and the lists.
CREATE TRIGGER `sites_stamp_insert` AFTER INSERT ON `sites` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (SELECT 'site:' || NEW.`slug` AS s UNION SELECT 'all') WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `sites_stamp_update` AFTER UPDATE ON `sites`
  WHEN OLD.`slug` IS NOT NEW.`slug` OR OLD.`unesco_id_no` IS NOT NEW.`unesco_id_no` OR OLD.`name` IS NOT NEW.`name` OR OLD.`name_ar` IS NOT NEW.`name_ar` OR OLD.`name_fr` IS NOT NEW.`name_fr` OR OLD.`country_codes` IS NOT NEW.`country_codes` OR OLD.`latitude` IS NOT NEW.`latitude` OR OLD.`longitude` IS NOT NEW.`longitude` OR OLD.`year_inscribed` IS NOT NEW.`year_inscribed` OR OLD.`criteria` IS NOT NEW.`criteria` OR OLD.`in_danger` IS NOT NEW.`in_danger` OR OLD.`in_danger_since` IS NOT NEW.`in_danger_since` OR OLD.`wikidata_qid` IS NOT NEW.`wikidata_qid` OR OLD.`description` IS NOT NEW.`description` OR OLD.`description_ar` IS NOT NEW.`description_ar` OR OLD.`version` IS NOT NEW.`version` OR OLD.`updated_at` IS NOT NEW.`updated_at` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
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
--> statement-breakpoint
-- Alternative names show on the monument's page.
CREATE TRIGGER `monument_names_stamp_insert` AFTER INSERT ON `monument_names` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || `slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM `monuments` WHERE `id` = NEW.`monument_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `monument_names_stamp_update` AFTER UPDATE ON `monument_names` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || `slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM `monuments` WHERE `id` IN (OLD.`monument_id`, NEW.`monument_id`)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `monument_names_stamp_delete` AFTER DELETE ON `monument_names` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || `slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM `monuments` WHERE `id` = OLD.`monument_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
-- Reports: only published ones (before or after the change) are on public pages; a draft changes nothing a reader
-- sees. Their monument's page, its site's page, and the lists.
CREATE TRIGGER `reports_stamp_insert` AFTER INSERT ON `reports` WHEN NEW.`review_state` = 'published' BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || m.`slug` AS s FROM `monuments` m WHERE m.`id` = NEW.`monument_id`
      UNION SELECT 'site:' || st.`slug` FROM `monuments` m JOIN `sites` st ON st.`id` = m.`site_id` WHERE m.`id` = NEW.`monument_id`
      UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `reports_stamp_update` AFTER UPDATE ON `reports` WHEN NEW.`review_state` = 'published' OR OLD.`review_state` = 'published' BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || m.`slug` AS s FROM `monuments` m WHERE m.`id` IN (OLD.`monument_id`, NEW.`monument_id`)
      UNION SELECT 'site:' || st.`slug` FROM `monuments` m JOIN `sites` st ON st.`id` = m.`site_id` WHERE m.`id` IN (OLD.`monument_id`, NEW.`monument_id`)
      UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `reports_stamp_delete` AFTER DELETE ON `reports` WHEN OLD.`review_state` = 'published' BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || m.`slug` AS s FROM `monuments` m WHERE m.`id` = OLD.`monument_id`
      UNION SELECT 'site:' || st.`slug` FROM `monuments` m JOIN `sites` st ON st.`id` = m.`site_id` WHERE m.`id` = OLD.`monument_id`
      UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
-- Citations show on the page of the report's monument.
CREATE TRIGGER `report_sources_stamp_insert` AFTER INSERT ON `report_sources` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || m.`slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1)
    FROM `reports` r JOIN `monuments` m ON m.`id` = r.`monument_id` WHERE r.`id` = NEW.`report_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `report_sources_stamp_update` AFTER UPDATE ON `report_sources` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || m.`slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1)
    FROM `reports` r JOIN `monuments` m ON m.`id` = r.`monument_id` WHERE r.`id` IN (OLD.`report_id`, NEW.`report_id`)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `report_sources_stamp_delete` AFTER DELETE ON `report_sources` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || m.`slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1)
    FROM `reports` r JOIN `monuments` m ON m.`id` = r.`monument_id` WHERE r.`id` = OLD.`report_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
-- Sources: the pages of every monument whose reports cite them, and the lists (the changes feed names sources).
CREATE TRIGGER `sources_stamp_insert` AFTER INSERT ON `sources` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`) VALUES ('all', (SELECT `version` FROM `registry_state` WHERE `id` = 1))
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `sources_stamp_update` AFTER UPDATE ON `sources` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT DISTINCT 'monument:' || m.`slug` AS s FROM `report_sources` rs JOIN `reports` r ON r.`id` = rs.`report_id`
        JOIN `monuments` m ON m.`id` = r.`monument_id` WHERE rs.`source_id` = NEW.`id`
      UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `sources_stamp_delete` AFTER DELETE ON `sources` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`) VALUES ('all', (SELECT `version` FROM `registry_state` WHERE `id` = 1))
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
