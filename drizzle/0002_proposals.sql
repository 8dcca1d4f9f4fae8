CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`base_version` integer NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`created_by` integer NOT NULL,
	`reviewed_by` integer,
	`reviewed_at` text,
	`review_comment` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "proposals_entity_vocab" CHECK("proposals"."entity_type" IN ('site', 'monument', 'report', 'source')),
	CONSTRAINT "proposals_state_vocab" CHECK("proposals"."state" IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "proposals_payload_valid" CHECK(json_valid("proposals"."payload"))
);
--> statement-breakpoint
CREATE INDEX `proposals_state_idx` ON `proposals` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_entity_idx` ON `proposals` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `proposals_created_by_idx` ON `proposals` (`created_by`);