-- Work-item lists for less work per request (QUALITY.md W3, W4).
--
-- 1. issues.list_assignee_ids / list_label_ids: each item's assignees and labels, sorted by id, kept
--    by triggers on issue_assignees / issue_labels. A list page read them with two sub-selects per
--    item (two index probes per row: ~60 % of the page's CPU in Postgres); now they are columns of
--    the row it reads anyway. issue_assignees / issue_labels stay the source of truth (filters,
--    counts and the single-item routes read them). The triggers recompute a copy from them and
--    rewrite it only when it differs, so a writer that inserts an item together with its sets may
--    fill the copies in (workItemCreator, the bench seed, a bulk import): each rewrite of an issues
--    row updates its ~20 indexes, which doubled the time of a bulk insert with assignees and labels.
--
-- 2. work_item_list_versions: a per-project data version for the api's response cache of lists and
--    boards (server/api/routes/workItemLists/responseCache.ts). Statement-level triggers on every
--    table a list or board answer reads append a delta row for each project a transaction touched,
--    in that transaction. The version is the sum of the project's deltas: every commit that changed
--    anything a list reads makes it larger, and it is read in the same statement as the caller's
--    membership, so an answer cached under a version never misses a change committed before that
--    version was read. Deltas are appended (no row locks, no deadlocks) and folded back into one
--    row (compactListVersions: by readers, and hourly for every project by a job), which keeps the
--    sum, as 0008's counters do. No foreign key to projects, for the same reason as 0008's counters
--    (the job drops the rows of projects that are gone).

-- ── 1. denormalised assignees and labels ────────────────────────────────────────────────────────

ALTER TABLE issues
  ADD COLUMN list_assignee_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN list_label_ids uuid[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN issues.list_assignee_ids IS 'Copy of issue_assignees (sorted by id) for lists; kept by trigger (an insert may fill it in).';
COMMENT ON COLUMN issues.list_label_ids IS 'Copy of issue_labels (sorted by id) for lists; kept by trigger (an insert may fill it in).';

-- Recomputed from the source table, never patched: a copy that cannot drift. The items' rows are
-- locked first (FOR NO KEY UPDATE: compatible with the key-share locks the inserts' foreign keys
-- hold, in id order), and only then read by a second statement, whose fresh snapshot (READ
-- COMMITTED) sees every other transaction that changed these items' sets and held the lock before:
-- a single UPDATE would compute the array from a snapshot taken before it waited for the lock, and
-- two concurrent adds to one item could each write the set without the other's.
CREATE FUNCTION work_item_list_members_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT r.issue_id) INTO ids FROM new_rows r;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT r.issue_id) INTO ids FROM old_rows r;
  ELSE
    SELECT array_agg(DISTINCT x.issue_id) INTO ids FROM (SELECT issue_id FROM old_rows UNION ALL SELECT issue_id FROM new_rows) x;
  END IF;
  IF ids IS NULL THEN RETURN NULL; END IF;
  PERFORM 1 FROM issues i WHERE i.id = ANY(ids) ORDER BY i.id FOR NO KEY UPDATE;
  IF TG_TABLE_NAME = 'issue_assignees' THEN
    UPDATE issues i SET list_assignee_ids = c.want
      FROM (SELECT x.id, ARRAY(SELECT a.assignee_id FROM issue_assignees a WHERE a.issue_id = x.id ORDER BY a.assignee_id) AS want
              FROM unnest(ids) AS x(id)) c
     WHERE i.id = c.id AND i.list_assignee_ids IS DISTINCT FROM c.want;
  ELSE
    UPDATE issues i SET list_label_ids = c.want
      FROM (SELECT x.id, ARRAY(SELECT l.label_id FROM issue_labels l WHERE l.issue_id = x.id ORDER BY l.label_id) AS want
              FROM unnest(ids) AS x(id)) c
     WHERE i.id = c.id AND i.list_label_ids IS DISTINCT FROM c.want;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER work_item_list_members_insert AFTER INSERT ON issue_assignees
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_members_sync();
CREATE TRIGGER work_item_list_members_update AFTER UPDATE ON issue_assignees
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_members_sync();
CREATE TRIGGER work_item_list_members_delete AFTER DELETE ON issue_assignees
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_members_sync();
CREATE TRIGGER work_item_list_members_insert AFTER INSERT ON issue_labels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_members_sync();
CREATE TRIGGER work_item_list_members_update AFTER UPDATE ON issue_labels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_members_sync();
CREATE TRIGGER work_item_list_members_delete AFTER DELETE ON issue_labels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_members_sync();

-- Webhooks announce changed fields of an item; these copies are not fields of their own (Plane's
-- payloads carry assignees and labels from their tables), so they stay quiet like search_vector.
DROP TRIGGER webhook_capture ON issues;
CREATE TRIGGER webhook_capture AFTER INSERT OR UPDATE OR DELETE ON issues
  FOR EACH ROW EXECUTE FUNCTION webhook_capture('issue',
    'sequence_id,sort_order,description_stripped,description_binary,completed_at,search_vector,list_assignee_ids,list_label_ids');

-- The items that exist now (no trigger of this migration runs for them; webhooks stay quiet above).
UPDATE issues i
   SET list_assignee_ids = ARRAY(SELECT a.assignee_id FROM issue_assignees a WHERE a.issue_id = i.id ORDER BY a.assignee_id),
       list_label_ids = ARRAY(SELECT l.label_id FROM issue_labels l WHERE l.issue_id = i.id ORDER BY l.label_id)
 WHERE EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id)
    OR EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id);

-- ── 2. per-project data versions ────────────────────────────────────────────────────────────────

CREATE TABLE work_item_list_versions (
  project_id uuid NOT NULL,
  n bigint NOT NULL
);
CREATE INDEX work_item_list_versions_project_idx ON work_item_list_versions (project_id);

-- One delta per project a transaction touched, whatever the number of its statements: a version
-- only has to differ after each commit, and fewer rows keep it cheap to read. The projects already
-- bumped are remembered in a transaction-local setting (undone with the delta if a savepoint rolls
-- back).
CREATE FUNCTION work_item_list_bump_projects(projects uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  seen text := coalesce(current_setting('hangar.list_bumped', true), '');
  added text;
BEGIN
  WITH fresh AS (
    INSERT INTO work_item_list_versions (project_id, n)
    SELECT DISTINCT x, 1 FROM unnest(projects) AS x WHERE x IS NOT NULL AND strpos(seen, x::text) = 0
    RETURNING project_id
  )
  SELECT string_agg(project_id::text, ',') INTO added FROM fresh;
  IF added IS NOT NULL THEN PERFORM set_config('hangar.list_bumped', seen || ',' || added, true); END IF;
END $$;

CREATE FUNCTION work_item_list_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  projects uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT r.project_id) INTO projects FROM new_rows r;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT r.project_id) INTO projects FROM old_rows r;
  ELSE
    SELECT array_agg(DISTINCT x.project_id) INTO projects FROM (SELECT project_id FROM old_rows UNION ALL SELECT project_id FROM new_rows) x;
  END IF;
  IF projects IS NOT NULL THEN PERFORM work_item_list_bump_projects(projects); END IF;
  RETURN NULL;
END $$;

-- projects: its own id (identifier, guest visibility, archiving: the api keys or re-checks these
-- per request too, but any change of a project row makes a new version all the same).
CREATE FUNCTION work_item_list_bump_project() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  projects uuid[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT array_agg(r.id) INTO projects FROM old_rows r;
  ELSE
    SELECT array_agg(r.id) INTO projects FROM new_rows r;
  END IF;
  IF projects IS NOT NULL THEN PERFORM work_item_list_bump_projects(projects); END IF;
  RETURN NULL;
END $$;

-- Every table a list or board answer reads (tests/workItemLists/responseCache.test.ts checks the
-- statements' plans against this list): issues, issue_assignees, issue_labels, states, labels,
-- projects, and the counters of 0008. The counters follow the first three through their own
-- triggers, but a direct write to them (a repair, a test's planted delta) must be seen as well.
CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON issue_assignees
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON issue_assignees
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON issue_assignees
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON issue_labels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON issue_labels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON issue_labels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON states
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON states
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON states
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON labels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON labels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON labels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump_project();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump_project();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump_project();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON work_item_counts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON work_item_counts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON work_item_counts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();

CREATE TRIGGER work_item_list_bump_insert AFTER INSERT ON work_item_member_counts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_update AFTER UPDATE ON work_item_member_counts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
CREATE TRIGGER work_item_list_bump_delete AFTER DELETE ON work_item_member_counts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_list_bump();
