CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`first_failure_at` text NOT NULL,
	`locked_until` text
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `monument_names` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`monument_id` integer NOT NULL,
	`name` text NOT NULL,
	`lang` text NOT NULL,
	FOREIGN KEY (`monument_id`) REFERENCES `monuments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "monument_names_lang_format" CHECK("monument_names"."lang" GLOB '[a-z][a-z]*' AND length("monument_names"."lang") <= 35),
	CONSTRAINT "monument_names_not_blank" CHECK(trim("monument_names"."name") <> '')
);
--> statement-breakpoint
CREATE INDEX `monument_names_monument_idx` ON `monument_names` (`monument_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `monument_names_unique` ON `monument_names` (`monument_id`,`lang`,`name`);--> statement-breakpoint
CREATE TABLE `monuments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`site_id` integer NOT NULL,
	`name` text NOT NULL,
	`name_ar` text,
	`kind` text NOT NULL,
	`period` text,
	`date_built` text,
	`latitude` real,
	`longitude` real,
	`wikidata_qid` text,
	`pleiades_id` text,
	`description` text,
	`description_ar` text,
	`status_level` text DEFAULT 'unknown' NOT NULL,
	`status_basis` text DEFAULT 'none' NOT NULL,
	`status_report_id` integer,
	`latest_event_date` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "monuments_slug_format" CHECK("monuments"."slug" GLOB '[a-z0-9]*' AND "monuments"."slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "monuments_kind_vocab" CHECK("monuments"."kind" IN ('temple', 'arch', 'theatre', 'tomb', 'colonnade', 'museum', 'statue', 'citadel', 'mosque', 'church', 'monastery', 'shrine', 'prison', 'city_quarter', 'other')),
	CONSTRAINT "monuments_status_level_vocab" CHECK("monuments"."status_level" IN ('unknown', 'no_visible_damage', 'possible_damage', 'moderate_damage', 'severe_damage', 'destroyed')),
	CONSTRAINT "monuments_status_basis_vocab" CHECK("monuments"."status_basis" IN ('established', 'unverified', 'disputed', 'none')),
	CONSTRAINT "monuments_latitude_range" CHECK("monuments"."latitude" IS NULL OR "monuments"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "monuments_longitude_range" CHECK("monuments"."longitude" IS NULL OR "monuments"."longitude" BETWEEN -180 AND 180),
	CONSTRAINT "monuments_wikidata_format" CHECK("monuments"."wikidata_qid" IS NULL OR "monuments"."wikidata_qid" GLOB 'Q[0-9]*'),
	CONSTRAINT "monuments_name_not_blank" CHECK(trim("monuments"."name") <> '')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monuments_slug_unique` ON `monuments` (`slug`);--> statement-breakpoint
CREATE INDEX `monuments_site_idx` ON `monuments` (`site_id`);--> statement-breakpoint
CREATE INDEX `monuments_status_idx` ON `monuments` (`status_level`);--> statement-breakpoint
CREATE INDEX `monuments_kind_idx` ON `monuments` (`kind`);--> statement-breakpoint
CREATE TABLE `report_sources` (
	`report_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`stance` text NOT NULL,
	`quote` text,
	PRIMARY KEY(`report_id`, `source_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "report_sources_stance_vocab" CHECK("report_sources"."stance" IN ('supports', 'disputes'))
);
--> statement-breakpoint
CREATE INDEX `report_sources_source_idx` ON `report_sources` (`source_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`monument_id` integer NOT NULL,
	`event_date` text,
	`event_date_end` text,
	`event_date_precision` text DEFAULT 'day' NOT NULL,
	`reported_date` text,
	`damage_level` text NOT NULL,
	`cause` text,
	`reported_actor` text,
	`summary` text NOT NULL,
	`summary_ar` text,
	`certainty` text NOT NULL,
	`verification_status` text DEFAULT 'unverified' NOT NULL,
	`review_state` text DEFAULT 'draft' NOT NULL,
	`review_comment` text,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`monument_id`) REFERENCES `monuments`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reports_damage_level_vocab" CHECK("reports"."damage_level" IN ('unknown', 'no_visible_damage', 'possible_damage', 'moderate_damage', 'severe_damage', 'destroyed')),
	CONSTRAINT "reports_cause_vocab" CHECK("reports"."cause" IS NULL OR "reports"."cause" IN ('explosives', 'bulldozing', 'looting', 'shelling_airstrike', 'gunfire', 'fire', 'military_use', 'misuse', 'neglect', 'natural', 'other')),
	CONSTRAINT "reports_certainty_vocab" CHECK("reports"."certainty" IN ('definite', 'high', 'medium', 'low', 'negligible')),
	CONSTRAINT "reports_verification_vocab" CHECK("reports"."verification_status" IN ('unverified', 'corroborated', 'confirmed', 'disputed', 'retracted')),
	CONSTRAINT "reports_review_vocab" CHECK("reports"."review_state" IN ('draft', 'published', 'rejected')),
	CONSTRAINT "reports_precision_vocab" CHECK("reports"."event_date_precision" IN ('day', 'month', 'year', 'approximate')),
	CONSTRAINT "reports_event_date_iso" CHECK("reports"."event_date" IS NULL OR (length("reports"."event_date") = 10 AND coalesce(date("reports"."event_date") = "reports"."event_date", 0))),
	CONSTRAINT "reports_event_date_end_iso" CHECK("reports"."event_date_end" IS NULL OR (length("reports"."event_date_end") = 10 AND coalesce(date("reports"."event_date_end") = "reports"."event_date_end", 0))),
	CONSTRAINT "reports_reported_date_iso" CHECK("reports"."reported_date" IS NULL OR (length("reports"."reported_date") = 10 AND coalesce(date("reports"."reported_date") = "reports"."reported_date", 0))),
	CONSTRAINT "reports_range_order" CHECK("reports"."event_date_end" IS NULL OR ("reports"."event_date" IS NOT NULL AND "reports"."event_date_end" >= "reports"."event_date")),
	CONSTRAINT "reports_range_only_when_approximate" CHECK("reports"."event_date_end" IS NULL OR "reports"."event_date_precision" = 'approximate'),
	CONSTRAINT "reports_summary_not_blank" CHECK(trim("reports"."summary") <> '')
);
--> statement-breakpoint
CREATE INDEX `reports_monument_idx` ON `reports` (`monument_id`,`event_date`);--> statement-breakpoint
CREATE INDEX `reports_review_idx` ON `reports` (`review_state`);--> statement-breakpoint
CREATE TABLE `revisions` (
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
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "revisions_entity_vocab" CHECK("revisions"."entity_type" IN ('site', 'monument', 'report', 'source', 'user')),
	CONSTRAINT "revisions_action_vocab" CHECK("revisions"."action" IN ('create', 'update', 'delete', 'restore', 'publish', 'reject', 'revert')),
	CONSTRAINT "revisions_json_valid" CHECK(("revisions"."before" IS NULL OR json_valid("revisions"."before")) AND ("revisions"."after" IS NULL OR json_valid("revisions"."after")))
);
--> statement-breakpoint
CREATE INDEX `revisions_entity_idx` ON `revisions` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `revisions_created_idx` ON `revisions` (`created_at`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`unesco_id_no` integer,
	`name` text NOT NULL,
	`name_ar` text,
	`name_fr` text,
	`country_codes` text NOT NULL,
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
	CONSTRAINT "sites_slug_format" CHECK("sites"."slug" GLOB '[a-z0-9]*' AND "sites"."slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "sites_country_codes_format" CHECK("sites"."country_codes" GLOB '[A-Z][A-Z]*' AND "sites"."country_codes" NOT GLOB '*[^A-Z,]*'),
	CONSTRAINT "sites_latitude_range" CHECK("sites"."latitude" IS NULL OR "sites"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "sites_longitude_range" CHECK("sites"."longitude" IS NULL OR "sites"."longitude" BETWEEN -180 AND 180),
	CONSTRAINT "sites_wikidata_format" CHECK("sites"."wikidata_qid" IS NULL OR "sites"."wikidata_qid" GLOB 'Q[0-9]*'),
	CONSTRAINT "sites_name_not_blank" CHECK(trim("sites"."name") <> '')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_slug_unique` ON `sites` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `sites_unesco_id_no_unique` ON `sites` (`unesco_id_no`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`publisher` text,
	`url` text,
	`archived_url` text,
	`published_date` text,
	`source_type` text NOT NULL,
	`language` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`deleted_at` text,
	CONSTRAINT "sources_type_vocab" CHECK("sources"."source_type" IN ('news', 'satellite_imagery', 'ngo_expert_report', 'official_statement', 'social_media', 'field_survey')),
	CONSTRAINT "sources_published_date_iso" CHECK("sources"."published_date" IS NULL OR (length("sources"."published_date") = 10 AND coalesce(date("sources"."published_date") = "sources"."published_date", 0))),
	CONSTRAINT "sources_url_scheme" CHECK("sources"."url" IS NULL OR "sources"."url" GLOB 'http://*' OR "sources"."url" GLOB 'https://*'),
	CONSTRAINT "sources_archived_url_scheme" CHECK("sources"."archived_url" IS NULL OR "sources"."archived_url" GLOB 'http://*' OR "sources"."archived_url" GLOB 'https://*'),
	CONSTRAINT "sources_title_not_blank" CHECK(trim("sources"."title") <> '')
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled_at` text,
	`session_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "users_role_vocab" CHECK("users"."role" IN ('admin', 'editor', 'contributor')),
	CONSTRAINT "users_email_lower" CHECK("users"."email" = lower("users"."email") AND "users"."email" LIKE '%_@_%')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);