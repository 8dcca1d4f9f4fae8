-- Public submissions ("Send evidence or a correction"): kept for editors only. No trigger watches these tables, so
-- a submission never stamps a page or moves the dataset version (migration 0007); nothing public reads them.
CREATE TABLE `submission_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`action` text NOT NULL,
	`user_id` integer,
	`note` text,
	`report_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "submission_log_action_vocab" CHECK("submission_log"."action" IN ('received', 'converted', 'dismissed'))
);
--> statement-breakpoint
CREATE INDEX `submission_log_submission_idx` ON `submission_log` (`submission_id`,`id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`monument_id` integer,
	`place` text,
	`body` text NOT NULL,
	`event_date` text,
	`event_date_end` text,
	`event_date_precision` text DEFAULT 'day' NOT NULL,
	`links` text NOT NULL,
	`files_later` integer DEFAULT false NOT NULL,
	`contact` text,
	`locale` text DEFAULT 'en' NOT NULL,
	`client_key` text NOT NULL,
	`state` text DEFAULT 'new' NOT NULL,
	`reviewed_by` integer,
	`reviewed_at` text,
	`review_note` text,
	`report_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`monument_id`) REFERENCES `monuments`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "submissions_state_vocab" CHECK("submissions"."state" IN ('new', 'converted', 'dismissed')),
	CONSTRAINT "submissions_precision_vocab" CHECK("submissions"."event_date_precision" IN ('day', 'month', 'year', 'approximate')),
	CONSTRAINT "submissions_event_date_iso" CHECK("submissions"."event_date" IS NULL OR (length("submissions"."event_date") = 10 AND coalesce(date("submissions"."event_date") = "submissions"."event_date", 0))),
	CONSTRAINT "submissions_event_date_end_iso" CHECK("submissions"."event_date_end" IS NULL OR (length("submissions"."event_date_end") = 10 AND coalesce(date("submissions"."event_date_end") = "submissions"."event_date_end", 0))),
	CONSTRAINT "submissions_links_valid" CHECK(json_valid("submissions"."links") AND json_type("submissions"."links") = 'array'),
	CONSTRAINT "submissions_body_not_blank" CHECK(trim("submissions"."body") <> ''),
	CONSTRAINT "submissions_where" CHECK("submissions"."monument_id" IS NOT NULL OR trim(coalesce("submissions"."place", '')) <> '')
);
--> statement-breakpoint
CREATE INDEX `submissions_state_idx` ON `submissions` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `submissions_client_idx` ON `submissions` (`client_key`,`created_at`);