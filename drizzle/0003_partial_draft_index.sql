DROP INDEX `reports_review_idx`;--> statement-breakpoint
CREATE INDEX `reports_draft_idx` ON `reports` (`created_at`) WHERE "reports"."review_state" = 'draft';