-- Period and date built in Arabic, where known: Arabic pages show them instead of the English free text.
ALTER TABLE `monuments` ADD `period_ar` text;--> statement-breakpoint
ALTER TABLE `monuments` ADD `date_built_ar` text;