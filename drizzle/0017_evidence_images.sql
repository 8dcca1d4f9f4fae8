-- Evidence images attached to reports (lib/evidence-images): one row per attachment, the files under EVIDENCE_DIR
-- named by their SHA-256. Revisions gain the `evidence` entity type (attach, edit, detach, restore, revert), which
-- SQLite can only add to the CHECK by rebuilding the table. A change to the evidence of a published report stamps its
-- monument's page, like a change of its citations (migration 0007).
CREATE TABLE `evidence_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`kind` text NOT NULL,
	`caption_en` text,
	`caption_ar` text,
	`alt_text` text NOT NULL,
	`credit` text NOT NULL,
	`licence` text NOT NULL,
	`taken_date` text,
	`source_id` integer,
	`sha256` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`variants` text NOT NULL,
	`original_kept` integer DEFAULT false NOT NULL,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "evidence_images_kind_vocab" CHECK("evidence_images"."kind" IN ('photo', 'satellite_before', 'satellite_after', 'screenshot', 'document_scan')),
	CONSTRAINT "evidence_images_licence_vocab" CHECK("evidence_images"."licence" IN ('CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0', 'public-domain', 'permission', 'all-rights-reserved')),
	CONSTRAINT "evidence_images_taken_iso" CHECK("evidence_images"."taken_date" IS NULL OR (length("evidence_images"."taken_date") = 10 AND coalesce(date("evidence_images"."taken_date") = "evidence_images"."taken_date", 0))),
	CONSTRAINT "evidence_images_sha_format" CHECK(length("evidence_images"."sha256") = 64 AND "evidence_images"."sha256" NOT GLOB '*[^0-9a-f]*'),
	CONSTRAINT "evidence_images_alt_not_blank" CHECK(trim("evidence_images"."alt_text") <> ''),
	CONSTRAINT "evidence_images_credit_not_blank" CHECK(trim("evidence_images"."credit") <> ''),
	CONSTRAINT "evidence_images_size" CHECK("evidence_images"."width" > 0 AND "evidence_images"."height" > 0),
	CONSTRAINT "evidence_images_variants_valid" CHECK(json_valid("evidence_images"."variants"))
);
--> statement-breakpoint
CREATE INDEX `evidence_images_report_idx` ON `evidence_images` (`report_id`);--> statement-breakpoint
CREATE INDEX `evidence_images_sha_idx` ON `evidence_images` (`sha256`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`action` text NOT NULL,
	`user_id` integer,
	`agent` text,
	`comment` text,
	`before` text,
	`after` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`public` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "revisions_entity_vocab" CHECK("__new_revisions"."entity_type" IN ('site', 'monument', 'report', 'source', 'user', 'evidence')),
	CONSTRAINT "revisions_action_vocab" CHECK("__new_revisions"."action" IN ('create', 'update', 'delete', 'restore', 'publish', 'reject', 'revert')),
	CONSTRAINT "revisions_json_valid" CHECK(("__new_revisions"."before" IS NULL OR json_valid("__new_revisions"."before")) AND ("__new_revisions"."after" IS NULL OR json_valid("__new_revisions"."after")))
);
--> statement-breakpoint
INSERT INTO `__new_revisions`("id", "entity_type", "entity_id", "action", "user_id", "agent", "comment", "before", "after", "created_at", "public") SELECT "id", "entity_type", "entity_id", "action", "user_id", "agent", "comment", "before", "after", "created_at", "public" FROM `revisions`;--> statement-breakpoint
DROP TABLE `revisions`;--> statement-breakpoint
ALTER TABLE `__new_revisions` RENAME TO `revisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `revisions_entity_idx` ON `revisions` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `revisions_created_idx` ON `revisions` (`created_at`);--> statement-breakpoint
CREATE INDEX `revisions_public_idx` ON `revisions` (`id`) WHERE "revisions"."public" = 1;
--> statement-breakpoint
CREATE TRIGGER `evidence_images_stamp_insert` AFTER INSERT ON `evidence_images` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || m.`slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1)
    FROM `reports` r JOIN `monuments` m ON m.`id` = r.`monument_id`
    WHERE r.`id` = NEW.`report_id` AND r.`review_state` = 'published'
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_images_stamp_update` AFTER UPDATE ON `evidence_images` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || m.`slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1)
    FROM `reports` r JOIN `monuments` m ON m.`id` = r.`monument_id`
    WHERE r.`id` IN (OLD.`report_id`, NEW.`report_id`) AND r.`review_state` = 'published'
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_images_stamp_delete` AFTER DELETE ON `evidence_images` BEGIN
  UPDATE `registry_state` SET `version` = `version` + 1 WHERE `id` = 1;
  INSERT INTO `page_scopes` (`scope`, `version`)
    SELECT 'monument:' || m.`slug`, (SELECT `version` FROM `registry_state` WHERE `id` = 1)
    FROM `reports` r JOIN `monuments` m ON m.`id` = r.`monument_id`
    WHERE r.`id` = OLD.`report_id` AND r.`review_state` = 'published'
    ON CONFLICT (`scope`) DO UPDATE SET `version` = excluded.`version`;
END;
