-- Where in an unlinked source (a printed page, a broadcast, an archive) its claim is, so a reader can find it.
ALTER TABLE `sources` ADD `citation_detail` text;
