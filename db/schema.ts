import { sql, type SQL } from 'drizzle-orm';
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import {
  certainties,
  damageCauses,
  damageLevels,
  datePrecisions,
  monumentKinds,
  proposalStates,
  reviewStates,
  revisionActions,
  sourceTypes,
  stances,
  userRoles,
  verificationStatuses,
} from '../lib/vocab';
import { evidenceKinds, evidenceLicences } from '../lib/evidence-images/kinds';

/** CHECK (column IN (...codes)) built from the vocabulary, so code and database cannot drift. */
function inVocabulary(column: AnySQLiteColumn, codes: readonly string[]): SQL {
  const list = codes.map((c) => `'${c.replace(/'/g, "''")}'`).join(', ');
  return sql`${column} IN (${sql.raw(list)})`;
}

const timestamps = {
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};
/** Optimistic-concurrency version: a form carries the version it was built from; a save from an older one is refused. */
const version = { version: integer('version').notNull().default(1) };
/** Soft delete: a deleted row keeps its id (ids are never reused) and can be restored. */
const deletedAt = { deletedAt: text('deleted_at') };

const isoDate = (column: AnySQLiteColumn) =>
  sql`${column} IS NULL OR (length(${column}) = 10 AND coalesce(date(${column}) = ${column}, 0))`;

export const sites = sqliteTable(
  'sites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    unescoIdNo: integer('unesco_id_no'),
    name: text('name').notNull(),
    nameAr: text('name_ar'),
    nameFr: text('name_fr'),
    /**
     * ISO 3166-1 alpha-2 codes, comma-separated and upper case ("SY", or "AT,HU" for a transboundary property).
     * Empty when UNESCO lists the site under no state code (id_no 148, Jerusalem): then statesName says where it is,
     * and no code is ever invented.
     */
    countryCodes: text('country_codes').notNull().default(''),
    /** UNESCO's own "States Parties" text (states_name_en / states_name_ar of the list), as UNESCO words it. */
    statesName: text('states_name'),
    statesNameAr: text('states_name_ar'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    yearInscribed: integer('year_inscribed'),
    criteria: text('criteria'),
    inDanger: integer('in_danger', { mode: 'boolean' }).notNull().default(false),
    inDangerSince: integer('in_danger_since'),
    wikidataQid: text('wikidata_qid'),
    description: text('description'),
    descriptionAr: text('description_ar'),
    ...version,
    ...timestamps,
    ...deletedAt,
  },
  (t) => [
    uniqueIndex('sites_slug_unique').on(t.slug),
    uniqueIndex('sites_unesco_id_no_unique').on(t.unescoIdNo),
    check('sites_slug_format', sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
    check(
      'sites_country_codes_format',
      sql`${t.countryCodes} = '' OR (${t.countryCodes} GLOB '[A-Z][A-Z]*' AND ${t.countryCodes} NOT GLOB '*[^A-Z,]*')`,
    ),
    check('sites_where', sql`${t.countryCodes} <> '' OR trim(coalesce(${t.statesName}, '')) <> ''`),
    check('sites_latitude_range', sql`${t.latitude} IS NULL OR ${t.latitude} BETWEEN -90 AND 90`),
    check('sites_longitude_range', sql`${t.longitude} IS NULL OR ${t.longitude} BETWEEN -180 AND 180`),
    check('sites_wikidata_format', sql`${t.wikidataQid} IS NULL OR ${t.wikidataQid} GLOB 'Q[0-9]*'`),
    check('sites_name_not_blank', sql`trim(${t.name}) <> ''`),
  ],
);

export const monuments = sqliteTable(
  'monuments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    nameAr: text('name_ar'),
    kind: text('kind', { enum: monumentKinds.codes }).notNull(),
    period: text('period'),
    /** The period in Arabic, where known (free text like `period`); Arabic pages show it instead. */
    periodAr: text('period_ar'),
    dateBuilt: text('date_built'),
    dateBuiltAr: text('date_built_ar'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    wikidataQid: text('wikidata_qid'),
    pleiadesId: text('pleiades_id'),
    description: text('description'),
    descriptionAr: text('description_ar'),
    /**
     * Current status, derived from published reports by lib/status.ts and stored only so that filters and
     * exports over 100k monuments stay fast; recomputed in the same transaction as every report change.
     */
    statusLevel: text('status_level', { enum: damageLevels.codes }).notNull().default('unknown'),
    statusBasis: text('status_basis', { enum: ['established', 'unverified', 'disputed', 'none'] })
      .notNull()
      .default('none'),
    statusReportId: integer('status_report_id'),
    latestEventDate: text('latest_event_date'),
    ...version,
    ...timestamps,
    ...deletedAt,
  },
  (t) => [
    uniqueIndex('monuments_slug_unique').on(t.slug),
    index('monuments_site_idx').on(t.siteId),
    index('monuments_status_idx').on(t.statusLevel),
    index('monuments_kind_idx').on(t.kind),
    // Lists filtered by kind (search without text, ordered by name): live monuments of a kind in name order, with the
    // site for the join (deleted_at too, or SQLite reads the row to test it), without touching the wide table rows (bench/search.ts: kind + dates 67 → ~5 ms at 100k).
    // Ranking search hits ties by name: the id, the sort key and deleted_at without reading the wide rows (descriptions).
    // db/queries/search.ts names it (INDEXED BY): the planner would look rows up by id in the table (bench/search.ts).
    index('monuments_id_name_idx').on(t.id, sql`${t.name} COLLATE NOCASE`, t.deletedAt),
    index('monuments_live_kind_name_idx')
      .on(t.kind, sql`${t.name} COLLATE NOCASE`, t.siteId, t.deletedAt)
      .where(sql`${t.deletedAt} IS NULL`),
    check('monuments_slug_format', sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
    check('monuments_kind_vocab', inVocabulary(t.kind, monumentKinds.codes)),
    check('monuments_status_level_vocab', inVocabulary(t.statusLevel, damageLevels.codes)),
    check(
      'monuments_status_basis_vocab',
      inVocabulary(t.statusBasis, ['established', 'unverified', 'disputed', 'none']),
    ),
    check('monuments_latitude_range', sql`${t.latitude} IS NULL OR ${t.latitude} BETWEEN -90 AND 90`),
    check('monuments_longitude_range', sql`${t.longitude} IS NULL OR ${t.longitude} BETWEEN -180 AND 180`),
    check('monuments_wikidata_format', sql`${t.wikidataQid} IS NULL OR ${t.wikidataQid} GLOB 'Q[0-9]*'`),
    check('monuments_name_not_blank', sql`trim(${t.name}) <> ''`),
  ],
);

/** Alternative names: Arabic, transliterations, French…, each with a BCP 47 language tag ("ar", "ar-Latn", "fr"). */
export const monumentNames = sqliteTable(
  'monument_names',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    monumentId: integer('monument_id')
      .notNull()
      .references(() => monuments.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    lang: text('lang').notNull(),
  },
  (t) => [
    index('monument_names_monument_idx').on(t.monumentId),
    uniqueIndex('monument_names_unique').on(t.monumentId, t.lang, t.name),
    check('monument_names_lang_format', sql`${t.lang} GLOB '[a-z][a-z]*' AND length(${t.lang}) <= 35`),
    check('monument_names_not_blank', sql`trim(${t.name}) <> ''`),
  ],
);

export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    monumentId: integer('monument_id')
      .notNull()
      .references(() => monuments.id, { onDelete: 'restrict' }),
    /** Earliest day the event may have happened (ISO 8601); with `month` or `year` precision, the first day of it. */
    eventDate: text('event_date'),
    /** Latest day of an approximate range; null otherwise. */
    eventDateEnd: text('event_date_end'),
    eventDatePrecision: text('event_date_precision', { enum: datePrecisions.codes }).notNull().default('day'),
    reportedDate: text('reported_date'),
    damageLevel: text('damage_level', { enum: damageLevels.codes }).notNull(),
    cause: text('cause', { enum: damageCauses.codes }),
    reportedActor: text('reported_actor'),
    summary: text('summary').notNull(),
    summaryAr: text('summary_ar'),
    certainty: text('certainty', { enum: certainties.codes }).notNull(),
    verificationStatus: text('verification_status', { enum: verificationStatuses.codes })
      .notNull()
      .default('unverified'),
    reviewState: text('review_state', { enum: reviewStates.codes }).notNull().default('draft'),
    reviewComment: text('review_comment'),
    createdBy: integer('created_by').references(() => users.id),
    ...version,
    ...timestamps,
    ...deletedAt,
  },
  (t) => [
    index('reports_monument_idx').on(t.monumentId, t.eventDate),
    // Partial: only drafts (the review queue) are looked up by state; a full index on a column where nearly every row
    // is 'published' misled the planner into scanning it instead of reports_monument_idx.
    index('reports_draft_idx')
      .on(t.createdAt)
      .where(sql`${t.reviewState} = 'draft'`),
    // The public report filters (db/queries/filters.ts reportConditions: dates, cause, verification) answered from the
    // index alone (the state and deleted_at are in it too, or SQLite reads the row to test them): the 300 MB reports table is never read for "has a published report in 2015–2016" (bench/search.ts).
    index('reports_published_idx')
      .on(t.monumentId, t.eventDate, t.eventDateEnd, t.cause, t.verificationStatus, t.reviewState, t.deletedAt)
      .where(sql`${t.reviewState} = 'published' AND ${t.deletedAt} IS NULL`),
    check('reports_damage_level_vocab', inVocabulary(t.damageLevel, damageLevels.codes)),
    check('reports_cause_vocab', sql`${t.cause} IS NULL OR ${inVocabulary(t.cause, damageCauses.codes)}`),
    check('reports_certainty_vocab', inVocabulary(t.certainty, certainties.codes)),
    check('reports_verification_vocab', inVocabulary(t.verificationStatus, verificationStatuses.codes)),
    check('reports_review_vocab', inVocabulary(t.reviewState, reviewStates.codes)),
    check('reports_precision_vocab', inVocabulary(t.eventDatePrecision, datePrecisions.codes)),
    check('reports_event_date_iso', isoDate(t.eventDate)),
    check('reports_event_date_end_iso', isoDate(t.eventDateEnd)),
    check('reports_reported_date_iso', isoDate(t.reportedDate)),
    check(
      'reports_range_order',
      sql`${t.eventDateEnd} IS NULL OR (${t.eventDate} IS NOT NULL AND ${t.eventDateEnd} >= ${t.eventDate})`,
    ),
    check(
      'reports_range_only_when_approximate',
      sql`${t.eventDateEnd} IS NULL OR ${t.eventDatePrecision} = 'approximate'`,
    ),
    check('reports_summary_not_blank', sql`trim(${t.summary}) <> ''`),
  ],
);

export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    publisher: text('publisher'),
    url: text('url'),
    archivedUrl: text('archived_url'),
    publishedDate: text('published_date'),
    sourceType: text('source_type', { enum: sourceTypes.codes }).notNull(),
    language: text('language'),
    /** Where in an offline or unlinked source the claim is: a page, a broadcast time, an archive identifier. */
    citationDetail: text('citation_detail'),
    ...version,
    ...timestamps,
    ...deletedAt,
  },
  (t) => [
    check('sources_type_vocab', inVocabulary(t.sourceType, sourceTypes.codes)),
    check('sources_published_date_iso', isoDate(t.publishedDate)),
    check('sources_url_scheme', sql`${t.url} IS NULL OR ${t.url} GLOB 'http://*' OR ${t.url} GLOB 'https://*'`),
    check(
      'sources_archived_url_scheme',
      sql`${t.archivedUrl} IS NULL OR ${t.archivedUrl} GLOB 'http://*' OR ${t.archivedUrl} GLOB 'https://*'`,
    ),
    check('sources_title_not_blank', sql`trim(${t.title}) <> ''`),
  ],
);

/** A report cites a source that supports or disputes its claim; one report can carry a claim and its denial. */
export const reportSources = sqliteTable(
  'report_sources',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'restrict' }),
    stance: text('stance', { enum: stances.codes }).notNull(),
    quote: text('quote'),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.sourceId] }),
    index('report_sources_source_idx').on(t.sourceId),
    check('report_sources_stance_vocab', inVocabulary(t.stance, stances.codes)),
  ],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: userRoles.codes }).notNull(),
    disabledAt: text('disabled_at'),
    /** Bumped when a role changes, a password is reset or the user is disabled: older sessions stop working. */
    sessionVersion: integer('session_version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    check('users_role_vocab', inVocabulary(t.role, userRoles.codes)),
    check('users_email_lower', sql`${t.email} = lower(${t.email}) AND ${t.email} LIKE '%_@_%'`),
  ],
);

export const entityTypes = ['site', 'monument', 'report', 'source', 'user', 'evidence'] as const;
export type EntityType = (typeof entityTypes)[number];

/** Append-only history: who changed what and when, with the whole record before and after as JSON. */
export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type', { enum: entityTypes }).notNull(),
    entityId: integer('entity_id').notNull(),
    action: text('action', { enum: revisionActions.codes }).notNull(),
    userId: integer('user_id').references(() => users.id),
    /** Who or what made a change without a signed-in user ("seed", "import:FILE", "cli"). */
    agent: text('agent'),
    comment: text('comment'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    createdAt: timestamps.createdAt,
    /**
     * Whether readers could see the change when it was made (the record was public before or after it): only these
     * appear on /changes. Set by insertRevision; a source is public while a published, live report cites it.
     */
    public: integer('public', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('revisions_entity_idx').on(t.entityType, t.entityId, t.id),
    index('revisions_created_idx').on(t.createdAt),
    // The public feed reads the newest public revisions without stepping over every private one (drafts, imports).
    index('revisions_public_idx')
      .on(t.id)
      .where(sql`${t.public} = 1`),
    check('revisions_entity_vocab', inVocabulary(t.entityType, entityTypes)),
    check('revisions_action_vocab', inVocabulary(t.action, revisionActions.codes)),
    check(
      'revisions_json_valid',
      sql`(${t.before} IS NULL OR json_valid(${t.before})) AND (${t.after} IS NULL OR json_valid(${t.after}))`,
    ),
  ],
);

export const proposalEntityTypes = ['site', 'monument', 'report', 'source'] as const;
export type ProposalEntityType = (typeof proposalEntityTypes)[number];

/**
 * A contributor's edit to an existing record, kept aside until an editor approves it (then applied as a normal
 * update, with its own revision) or rejects it with a comment the contributor reads on their own page.
 * `payload` holds the validated values; `base_version` the record version the contributor edited.
 */
export const proposals = sqliteTable(
  'proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type', { enum: proposalEntityTypes }).notNull(),
    entityId: integer('entity_id').notNull(),
    baseVersion: integer('base_version').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    state: text('state', { enum: proposalStates.codes }).notNull().default('pending'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: text('reviewed_at'),
    reviewComment: text('review_comment'),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('proposals_state_idx').on(t.state, t.id),
    index('proposals_entity_idx').on(t.entityType, t.entityId),
    index('proposals_created_by_idx').on(t.createdBy),
    check('proposals_entity_vocab', inVocabulary(t.entityType, proposalEntityTypes)),
    check('proposals_state_vocab', inVocabulary(t.state, proposalStates.codes)),
    check('proposals_payload_valid', sql`json_valid(${t.payload})`),
  ],
);

/** Failed sign-ins per account and per IP, kept in the database so the throttle survives a restart. */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  firstFailureAt: text('first_failure_at').notNull(),
  lockedUntil: text('locked_until'),
});

/**
 * Curators' sessions. The session cookie (an encrypted next-auth JWT) names its row; the guard reads the row on
 * every request, so signing out, "sign out everywhere", an idle timeout and the absolute lifetime end a session on
 * the server even if a copy of its cookie is replayed. `last_seen_at` is written at most once a minute per session.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    /** The absolute end (SESSION_MAX_AGE_HOURS after sign-in), however active the session is. */
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** What became of a public submission: waiting for an editor, turned into a draft report, or dismissed with a note. */
export const submissionStates = ['new', 'converted', 'dismissed'] as const;
export type SubmissionState = (typeof submissionStates)[number];

/**
 * Evidence or a correction sent by anyone through the public form ("Send evidence or a correction"), without an
 * account. Never public: no page, API answer, export, search index or change stamp reads this table, and no trigger
 * watches it; an editor turns it into a draft report (or dismisses it). `contact` is shown to editors and admins only.
 * `client_key` is a keyed hash of the sender's address (never the address itself), counted by the hourly limit.
 */
export const submissions = sqliteTable(
  'submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The listed monument it is about; null for one not yet listed (then `place` says where). */
    monumentId: integer('monument_id').references(() => monuments.id, { onDelete: 'restrict' }),
    place: text('place'),
    body: text('body').notNull(),
    eventDate: text('event_date'),
    eventDateEnd: text('event_date_end'),
    eventDatePrecision: text('event_date_precision', { enum: datePrecisions.codes }).notNull().default('day'),
    /** JSON array of http(s) links, in the order given. */
    links: text('links', { mode: 'json' }).notNull().$type<string[]>(),
    filesLater: integer('files_later', { mode: 'boolean' }).notNull().default(false),
    contact: text('contact'),
    locale: text('locale').notNull().default('en'),
    clientKey: text('client_key').notNull(),
    state: text('state', { enum: submissionStates }).notNull().default('new'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: text('reviewed_at'),
    reviewNote: text('review_note'),
    /** The draft report it became. */
    reportId: integer('report_id').references(() => reports.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('submissions_state_idx').on(t.state, t.id),
    index('submissions_client_idx').on(t.clientKey, t.createdAt),
    check('submissions_state_vocab', inVocabulary(t.state, submissionStates)),
    check('submissions_precision_vocab', inVocabulary(t.eventDatePrecision, datePrecisions.codes)),
    check('submissions_event_date_iso', isoDate(t.eventDate)),
    check('submissions_event_date_end_iso', isoDate(t.eventDateEnd)),
    check('submissions_links_valid', sql`json_valid(${t.links}) AND json_type(${t.links}) = 'array'`),
    check('submissions_body_not_blank', sql`trim(${t.body}) <> ''`),
    check('submissions_where', sql`${t.monumentId} IS NOT NULL OR trim(coalesce(${t.place}, '')) <> ''`),
  ],
);

export const submissionActions = ['received', 'converted', 'dismissed'] as const;

/** Append-only audit of submissions: received (no user), converted into a report, dismissed with a note. */
export const submissionLog = sqliteTable(
  'submission_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    action: text('action', { enum: submissionActions }).notNull(),
    userId: integer('user_id').references(() => users.id),
    note: text('note'),
    reportId: integer('report_id').references(() => reports.id),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('submission_log_submission_idx').on(t.submissionId, t.id),
    check('submission_log_action_vocab', inVocabulary(t.action, submissionActions)),
  ],
);

/** Key-value facts about the data set (e.g. the time of the last published change, which is the dataset version). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Images attached to a report as evidence (photographs, before/after satellite pairs, screenshots, scans). The files
 * are outside the database, under EVIDENCE_DIR, named by `sha256` (of the uploaded file); only metadata-free variants
 * are kept (lib/evidence-images). `variants` holds each served size ({"thumb":{"width":…,"height":…},…}). A row is
 * public while its report is published and live; detaching is a soft delete, recorded and revertible like any record.
 */
export const evidenceImages = sqliteTable(
  'evidence_images',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: evidenceKinds }).notNull(),
    captionEn: text('caption_en'),
    captionAr: text('caption_ar'),
    altText: text('alt_text').notNull(),
    credit: text('credit').notNull(),
    licence: text('licence', { enum: evidenceLicences }).notNull(),
    takenDate: text('taken_date'),
    sourceId: integer('source_id').references(() => sources.id, { onDelete: 'restrict' }),
    sha256: text('sha256').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    variants: text('variants', { mode: 'json' }).notNull(),
    /** Whether an editor kept the uploaded file itself (never served; metadata and all). */
    originalKept: integer('original_kept', { mode: 'boolean' }).notNull().default(false),
    createdBy: integer('created_by').references(() => users.id),
    ...version,
    ...timestamps,
    ...deletedAt,
  },
  (t) => [
    index('evidence_images_report_idx').on(t.reportId),
    index('evidence_images_sha_idx').on(t.sha256),
    check('evidence_images_kind_vocab', inVocabulary(t.kind, evidenceKinds)),
    check('evidence_images_licence_vocab', inVocabulary(t.licence, evidenceLicences)),
    check('evidence_images_taken_iso', isoDate(t.takenDate)),
    check('evidence_images_sha_format', sql`length(${t.sha256}) = 64 AND ${t.sha256} NOT GLOB '*[^0-9a-f]*'`),
    check('evidence_images_alt_not_blank', sql`trim(${t.altText}) <> ''`),
    check('evidence_images_credit_not_blank', sql`trim(${t.credit}) <> ''`),
    check('evidence_images_size', sql`${t.width} > 0 AND ${t.height} > 0`),
    check('evidence_images_variants_valid', sql`json_valid(${t.variants})`),
  ],
);

export type Site = typeof sites.$inferSelect;
export type NewSite = typeof sites.$inferInsert;
export type Monument = typeof monuments.$inferSelect;
export type NewMonument = typeof monuments.$inferInsert;
export type MonumentName = typeof monumentNames.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type NewReport = typeof reports.$inferInsert;
export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
export type ReportSource = typeof reportSources.$inferSelect;
export type User = typeof users.$inferSelect;
export type Revision = typeof revisions.$inferSelect;
export type Proposal = typeof proposals.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Submission = typeof submissions.$inferSelect;

/**
 * Dated releases of the published dataset (`npm run release`, the button on /export): the exact bytes of dataset.zip
 * as cut, kept in the database so that every backup carries them and a download is the same bytes every time.
 * `asOf` is the moment the release froze (millisecond ISO 8601): /export/dataset.zip?as_of={asOf} rebuilds the same bytes
 * from the revision history.
 */
export const releases = sqliteTable(
  'releases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    version: text('version').notNull(),
    asOf: text('as_of').notNull(),
    datasetVersion: text('dataset_version'),
    licence: text('licence').notNull(),
    licenceUrl: text('licence_url').notNull(),
    baseUrl: text('base_url').notNull(),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    zip: blob('zip', { mode: 'buffer' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    agent: text('agent'),
  },
  (t) => [
    uniqueIndex('releases_version_unique').on(t.version),
    uniqueIndex('releases_as_of_unique').on(t.asOf),
    check(
      'releases_version_format',
      sql`${t.version} GLOB '[0-9A-Za-z]*' AND ${t.version} NOT GLOB '*[^0-9A-Za-z.-]*'`,
    ),
    check('releases_size', sql`${t.bytes} = length(${t.zip})`),
  ],
);

/**
 * Every value the dataset version took, and when: /export/dataset.zip?as_of= names the version the data had then.
 * Filled by triggers on `meta` (migration 0015), so every writer records it.
 */
export const datasetVersionLog = sqliteTable(
  'dataset_version_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    value: text('value').notNull(),
  },
  (t) => [index('dataset_version_log_at_idx').on(t.at)],
);

export type Release = typeof releases.$inferSelect;
export type EvidenceImage = typeof evidenceImages.$inferSelect;
