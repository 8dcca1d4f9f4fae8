-- Period and date built in Arabic, where known: Arabic pages show them instead of the English free text.
ALTER TABLE `monuments` ADD `period_ar` text;--> statement-breakpoint
ALTER TABLE `monuments` ADD `date_built_ar` text;--> statement-breakpoint
-- Pages show the two new fields: a change to either marks them stale, like the other fields.
DROP TRIGGER `monuments_stamp_update`;--> statement-breakpoint
CREATE TRIGGER `monuments_stamp_update` AFTER UPDATE ON `monuments`
  WHEN OLD.`slug` IS NOT NEW.`slug` OR OLD.`site_id` IS NOT NEW.`site_id` OR OLD.`name` IS NOT NEW.`name` OR OLD.`name_ar` IS NOT NEW.`name_ar` OR OLD.`kind` IS NOT NEW.`kind` OR OLD.`period` IS NOT NEW.`period` OR OLD.`date_built` IS NOT NEW.`date_built` OR OLD.`period_ar` IS NOT NEW.`period_ar` OR OLD.`date_built_ar` IS NOT NEW.`date_built_ar` OR OLD.`latitude` IS NOT NEW.`latitude` OR OLD.`longitude` IS NOT NEW.`longitude` OR OLD.`wikidata_qid` IS NOT NEW.`wikidata_qid` OR OLD.`pleiades_id` IS NOT NEW.`pleiades_id` OR OLD.`description` IS NOT NEW.`description` OR OLD.`description_ar` IS NOT NEW.`description_ar` OR OLD.`status_level` IS NOT NEW.`status_level` OR OLD.`status_basis` IS NOT NEW.`status_basis` OR OLD.`status_report_id` IS NOT NEW.`status_report_id` OR OLD.`latest_event_date` IS NOT NEW.`latest_event_date` OR OLD.`version` IS NOT NEW.`version` OR OLD.`updated_at` IS NOT NEW.`updated_at` OR OLD.`deleted_at` IS NOT NEW.`deleted_at`
BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT s, (SELECT `version` FROM `registry_state` WHERE `id` = 1) FROM (
      SELECT 'monument:' || OLD.`slug` AS s UNION SELECT 'monument:' || NEW.`slug`
      UNION SELECT 'site:' || `slug` FROM `sites` WHERE `id` IN (OLD.`site_id`, NEW.`site_id`) UNION SELECT 'all'
    ) WHERE true
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
