-- IMAP SEARCH/SORT/THREAD from the database (docs/store.md "Search text and sort keys").
-- The searchable text of a blob (header fields and decoded text parts), written by
-- packages/mailstore at delivery; `words` is its full-text vector, the GIN-indexed
-- candidate filter of SEARCH BODY/TEXT. Per blob: copies and moves share it, and it
-- goes with the blob. Blobs stored before this migration have no row (the IMAP
-- server reads their blob instead).
CREATE TABLE "MessageText" (
    "blobHash" TEXT NOT NULL,
    "header" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "words" TSVECTOR,
    CONSTRAINT "MessageText_pkey" PRIMARY KEY ("blobHash")
);
CREATE INDEX "MessageText_words_idx" ON "MessageText" USING GIN ("words");
-- NULL words: a text too long to index whole, a candidate of every search (kept out of
-- the GIN's way by this partial index).
CREATE INDEX "MessageText_unindexed_idx" ON "MessageText" ("blobHash") WHERE "words" IS NULL;
ALTER TABLE "MessageText" ADD CONSTRAINT "MessageText_blobHash_fkey" FOREIGN KEY ("blobHash") REFERENCES "Blob"("sha256") ON DELETE CASCADE ON UPDATE CASCADE;

-- RFC 5256/5957 sort keys in collation form (i;ascii-casemap) and References for
-- THREAD. NULL: the message was stored before this migration (the IMAP server
-- then sorts and threads from the envelope and the header).
ALTER TABLE "Message" ADD COLUMN "sortSubject" TEXT,
    ADD COLUMN "sortFrom" TEXT,
    ADD COLUMN "sortTo" TEXT,
    ADD COLUMN "sortCc" TEXT,
    ADD COLUMN "sortDisplayFrom" TEXT,
    ADD COLUMN "sortDisplayTo" TEXT,
    ADD COLUMN "referencesHdr" TEXT;
