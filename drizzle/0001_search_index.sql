-- Full-text index over monuments and sites. Text is folded in application code (lib/text.ts: accents,
-- Arabic diacritics, alef forms, ta marbuta, tatweel) before it is written here, and queries are folded
-- the same way. rowid = id * 2 for a monument and id * 2 + 1 for a site, so one row is found by key.
-- Maintained by db/queries/search-index.ts in the same transaction as every write to those records.
CREATE VIRTUAL TABLE `search_index` USING fts5(
  `kind` UNINDEXED,
  `ref_id` UNINDEXED,
  `names`,
  `body`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
