-- The body's own index words (docs/store.md "Search text and sort keys"): a SEARCH BODY of one
-- ASCII word that hits this vector certainly matches, so the server reads no text for it.
-- Rows written before this migration keep NULL: their BODY matches are decided on the text.
ALTER TABLE "MessageText" ADD COLUMN "bodyWords" TSVECTOR;
CREATE INDEX "MessageText_bodyWords_idx" ON "MessageText" USING GIN ("bodyWords");
