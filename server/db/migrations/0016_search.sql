-- Work-item search (searchRepository.ts): full text over the title and the description, kept by
-- Postgres itself in a stored generated column so no write path can forget it.
--
-- Config 'simple' (lower-casing only: no stemming, no stop words), not 'english': teams write in
-- any language and an English stemmer only fits English; English stop words drop real search terms
-- ("IT", "US", "The Who"); and the prefix of the word being typed ("migr" → 'migr':*) matches
-- unstemmed lexemes predictably. Inflections ("fixes" for "fix") are partly caught by that prefix
-- match; typos and fragments by the fallbacks in searchRepository.ts.
--
-- Title words weigh A, description words B, so ts_rank_cd puts a title hit above a description-only
-- hit. The description is cut at 100,000 characters: a tsvector cannot exceed 1 MB (a longer text
-- would make the insert itself fail), and it bounds what one write spends on indexing.
--
-- The column is recomputed only when name or description_stripped change (Postgres skips generated
-- columns whose inputs an UPDATE does not touch, as long as issues has no BEFORE UPDATE row trigger).
ALTER TABLE issues ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, name), 'A')
  || setweight(to_tsvector('simple'::regconfig, left(coalesce(description_stripped, ''), 100000)), 'B')
) STORED;

-- Only what search can return: live, not archived, not drafts. Smaller, and archived / deleted
-- items never reach a bitmap. fastupdate (the default) batches inserts into a pending list, which
-- keeps bulk imports cheap.
CREATE INDEX issues_search_idx ON issues USING gin (search_vector)
  WHERE deleted_at IS NULL AND archived_at IS NULL AND NOT is_draft;
