-- Which changes readers could see when they were made: /changes lists only those (db/queries/revisions.ts sets the
-- flag on every new revision). Past revisions are marked here from the history itself: sites and monuments are
-- public from creation; a report while it is published and not deleted (before or after the change); a source while
-- it is not deleted and a published, live report cites it — read from the reports' revisions, each of which left
-- the report's state and citations as they stayed until its next revision.
ALTER TABLE `revisions` ADD `public` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `revisions` SET `public` = 1 WHERE `entity_type` IN ('site', 'monument') AND `action` <> 'reject';
--> statement-breakpoint
UPDATE `revisions` SET `public` = 1 WHERE `entity_type` = 'report' AND (
  (json_extract(`before`, '$.reviewState') = 'published' AND json_extract(`before`, '$.deletedAt') IS NULL)
  OR (json_extract(`after`, '$.reviewState') = 'published' AND json_extract(`after`, '$.deletedAt') IS NULL)
);
--> statement-breakpoint
CREATE TEMP TABLE `public_citation_spans` AS
  SELECT json_extract(c.`value`, '$.sourceId') AS `source_id`, s.`from_id`, s.`to_id`
  FROM (
    SELECT `id` AS `from_id`, lead(`id`) OVER (PARTITION BY `entity_id` ORDER BY `id`) AS `to_id`, `after`
    FROM `revisions` WHERE `entity_type` = 'report' AND `after` IS NOT NULL
  ) s, json_each(s.`after`, '$.citations') c
  WHERE json_extract(s.`after`, '$.reviewState') = 'published' AND json_extract(s.`after`, '$.deletedAt') IS NULL;
--> statement-breakpoint
CREATE INDEX temp.`public_citation_spans_idx` ON `public_citation_spans` (`source_id`, `from_id`);
--> statement-breakpoint
UPDATE `revisions` SET `public` = 1 WHERE `entity_type` = 'source' AND `action` <> 'reject'
  AND ((`before` IS NOT NULL AND json_extract(`before`, '$.deletedAt') IS NULL)
    OR (`after` IS NOT NULL AND json_extract(`after`, '$.deletedAt') IS NULL))
  AND EXISTS (
    SELECT 1 FROM temp.`public_citation_spans` p
    WHERE p.`source_id` = `revisions`.`entity_id` AND p.`from_id` < `revisions`.`id`
      AND (p.`to_id` IS NULL OR p.`to_id` > `revisions`.`id`)
  );
--> statement-breakpoint
DROP TABLE temp.`public_citation_spans`;
--> statement-breakpoint
CREATE INDEX `revisions_public_idx` ON `revisions` (`id`) WHERE "revisions"."public" = 1;
