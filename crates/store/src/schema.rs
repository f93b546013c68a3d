//! The database schema, as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied. To change the schema, append
//! a migration; never edit one that has shipped.

/// `PRAGMA application_id` of readout databases ("RDOT").
pub const APPLICATION_ID: i64 = 0x5244_4f54;

/// Migrations in order; `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles, global entities, annotations, full-text indexes.
    r#"
CREATE TABLE articles (
    article_id    INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    title         TEXT,
    published     TEXT,
    url           TEXT,
    source        TEXT,
    text          TEXT NOT NULL,
    record        TEXT NOT NULL,
    model_version TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    UNIQUE (content_hash, doc_id)
);
CREATE INDEX articles_doc_id ON articles (doc_id);

CREATE TABLE entities (
    entity_id   INTEGER PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    norm        TEXT NOT NULL,
    kb          TEXT,
    affiliation TEXT,
    role        TEXT
);
CREATE INDEX entities_norm ON entities (norm);

CREATE TABLE entity_keys (
    key       TEXT PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);

CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities (entity_id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    norm      TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_norm ON entity_aliases (norm);

CREATE TABLE doc_entities (
    article_id INTEGER NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    local_id   TEXT NOT NULL,
    entity_id  INTEGER NOT NULL REFERENCES entities (entity_id),
    name       TEXT NOT NULL,
    PRIMARY KEY (article_id, local_id)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities (entity_id);

CREATE TABLE entity_mentions (
    article_id INTEGER NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    local_id   TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL
);
CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id, article_id);
CREATE INDEX entity_mentions_article ON entity_mentions (article_id);

CREATE TABLE quotes (
    quote_id       INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    speaker_local  TEXT,
    speaker_entity INTEGER,
    speaker_text   TEXT,
    speaker_norm   TEXT,
    json           TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_speaker ON quotes (speaker_entity);

CREATE TABLE events (
    event_id   INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    local_id   TEXT NOT NULL,
    code       TEXT NOT NULL,
    date       TEXT,
    is_root    INTEGER NOT NULL,
    actor_ids     TEXT NOT NULL,
    recipient_ids TEXT NOT NULL,
    json       TEXT NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_code ON events (code);
CREATE INDEX events_date ON events (date);

CREATE TABLE event_actors (
    event_id  INTEGER NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position  INTEGER NOT NULL,
    entity_id INTEGER,
    code      TEXT,
    text      TEXT NOT NULL,
    norm      TEXT NOT NULL
);
CREATE INDEX event_actors_event ON event_actors (event_id);
CREATE INDEX event_actors_entity ON event_actors (entity_id);

CREATE TABLE counts (
    article_id INTEGER NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      REAL NOT NULL,
    category   TEXT NOT NULL
);
CREATE INDEX counts_article ON counts (article_id);

CREATE TABLE times (
    article_id INTEGER NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT
);
CREATE INDEX times_article ON times (article_id);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'article_id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.article_id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.article_id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.article_id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.article_id, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text, speaker_text,
    content = 'quotes', content_rowid = 'quote_id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text, speaker_text) VALUES (new.quote_id, new.text, new.speaker_text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker_text)
        VALUES ('delete', old.quote_id, old.text, old.speaker_text);
END;
"#,
    // 2: the store keeps the full-text indexes itself. Triggers made every insert a statement
    // transaction, and FTS5 flushes its pending terms at each one (three times slower).
    r#"
DROP TRIGGER IF EXISTS articles_fts_insert;
DROP TRIGGER IF EXISTS articles_fts_delete;
DROP TRIGGER IF EXISTS articles_fts_update;
DROP TRIGGER IF EXISTS quotes_fts_insert;
DROP TRIGGER IF EXISTS quotes_fts_delete;
"#,
    // 3: stories (articles grouped by the event they report) and their membership; each
    // member row keeps the article's story summary so updates need not re-read records.
    r#"
CREATE TABLE stories (
    story_id        INTEGER PRIMARY KEY,
    title           TEXT,
    first_published TEXT,
    last_published  TEXT,
    articles        INTEGER NOT NULL,
    sources         TEXT NOT NULL,
    top_features    TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX stories_size ON stories (articles, last_published);

CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles (article_id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL REFERENCES stories (story_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    join_score REAL,
    summary    TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles (story_id, position);
"#,
    // 4: fewer index entries per stored article (index upkeep was a fifth of the
    // instructions of storing). `events_code` and `events_date` served no query (the code
    // filter is a case-insensitive LIKE, the date filters are expressions);
    // `entity_mentions_article` only served deletes, which now go through
    // `entity_mentions_entity` with the article's entities from `doc_entities` (every mention
    // row points to the entity its article links its local id to; rows that did not, left
    // by documents with a repeated entity id, are dropped here).
    r#"
DROP INDEX IF EXISTS events_code;
DROP INDEX IF EXISTS events_date;
DELETE FROM entity_mentions WHERE NOT EXISTS (
    SELECT 1 FROM doc_entities d
    WHERE d.article_id = entity_mentions.article_id AND d.entity_id = entity_mentions.entity_id
);
DROP INDEX IF EXISTS entity_mentions_article;
"#,
];

/// The schema version this build writes: the number of migrations.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}
