-- Work-item lists (the UI's list and board views): keyset-pagination indexes for every order_by,
-- and trigger-maintained counters so that group counts and totals never scan a whole project.
--
-- Counters, and why they look like this
-- -------------------------------------
-- A board asks "how many items per state" (or priority, label, assignee) on every load. Counting
-- that from `issues` is a scan of the project (50k rows: ~10 ms of CPU each time). Instead,
-- triggers on issues, issue_labels and issue_assignees append signed deltas:
--   work_item_counts        (project, state, priority, archived, draft, top_level, no_assignee, no_label)  n
--   work_item_member_counts (project, kind 'a'|'l', member, state, priority, archived, draft, top_level)  n
-- Soft-deleted items are not counted. A reader sums one project's rows (a few dozen keys), so any
-- filter made of state / state group / priority / archived / draft / top-level only / "no assignee"
-- / "no label", plus at most one assignee or label, is answered from the counters, and so are the group counts of
-- a board grouped by state, priority, assignee or label; other filters fall back to index-backed
-- counts (workItemListsRepository.ts decides which).
--
-- Deltas are appended (INSERT only), never upserted in place: an in-place counter row is a hot row
-- that every write in the project would lock until commit, and two transactions touching the same
-- counters in different orders would deadlock. Appends take no row locks. Readers compact a
-- project's deltas back to one row per key when they find too many (compactWorkItemCounts in
-- workItemListsRepository.ts), under an advisory lock so only one compactor runs per project.
-- There is no foreign key to projects on purpose: a project's cascade delete deletes its issues,
-- whose triggers append deltas for a project row that is already gone.

-- urgent → none as 0 → 4, for `order_by=priority` (IMMUTABLE so it can be indexed).
CREATE FUNCTION work_item_priority_rank(priority text) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END;

-- One index per order_by; each ends in id, the tiebreaker that makes keyset cursors exact. A
-- descending order scans the same index backwards. Dates sort nulls last in both directions, hence
-- the coalesce(…, ±infinity) pairs.
CREATE INDEX issues_list_sort_idx ON issues (project_id, sort_order, id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_created_idx ON issues (project_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_updated_idx ON issues (project_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_priority_idx ON issues (project_id, work_item_priority_rank(priority), sort_order, id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_start_asc_idx ON issues (project_id, coalesce(start_date, 'infinity'::date), id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_start_desc_idx ON issues (project_id, coalesce(start_date, '-infinity'::date), id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_target_asc_idx ON issues (project_id, coalesce(target_date, 'infinity'::date), id) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_target_desc_idx ON issues (project_id, coalesce(target_date, '-infinity'::date), id) WHERE deleted_at IS NULL;
-- A board's columns in manual order (its usual order): each column reads exactly its first N.
CREATE INDEX issues_list_state_sort_idx ON issues (project_id, state_id, sort_order, id) WHERE deleted_at IS NULL;
-- Filtered counts (the fallback) and the guest rule (created_by = viewer).
CREATE INDEX issues_list_state_priority_idx ON issues (project_id, state_id, priority) WHERE deleted_at IS NULL;
CREATE INDEX issues_list_creator_idx ON issues (project_id, created_by, created_at) WHERE deleted_at IS NULL;
-- Assignee / label filters and counts read these index-only.
CREATE INDEX issues_list_assignee_issue_idx ON issue_assignees (project_id, assignee_id, issue_id);
CREATE INDEX issues_list_label_issue_idx ON issue_labels (project_id, label_id, issue_id);

CREATE TABLE work_item_counts (
  project_id uuid NOT NULL,
  state_id uuid,
  priority text NOT NULL,
  archived boolean NOT NULL,
  draft boolean NOT NULL,
  -- no parent (the list without sub-items)
  top_level boolean NOT NULL,
  -- the item has no assignee / no label (the "None" column of a board grouped by assignees / labels)
  no_assignee boolean NOT NULL,
  no_label boolean NOT NULL,
  n integer NOT NULL
);
CREATE INDEX work_item_counts_project_idx ON work_item_counts (project_id);

CREATE TABLE work_item_member_counts (
  project_id uuid NOT NULL,
  -- 'a' assignee, 'l' label
  kind "char" NOT NULL CHECK (kind IN ('a', 'l')),
  member_id uuid NOT NULL,
  state_id uuid,
  priority text NOT NULL,
  archived boolean NOT NULL,
  draft boolean NOT NULL,
  top_level boolean NOT NULL,
  n integer NOT NULL
);
CREATE INDEX work_item_member_counts_project_idx ON work_item_member_counts (project_id, kind, member_id);

-- issues INSERT: a new row has no assignees or labels yet (their rows reference it, so they come
-- later, and their own triggers move it out of the "none" buckets).
CREATE FUNCTION work_item_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
  SELECT project_id, state_id, priority, archived_at IS NOT NULL, is_draft, parent_id IS NULL, true, true, count(*)
    FROM new_rows WHERE deleted_at IS NULL
   GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;

-- issues UPDATE: only rows whose counted columns (state, priority, archived, draft, parent or not,
-- deleted) changed move; an edit of the name appends nothing. Their memberships move with them.
CREATE FUNCTION work_item_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH moved AS (
    SELECT o.id, o.project_id,
           o.state_id AS o_state, o.priority AS o_priority, o.archived_at IS NOT NULL AS o_archived, o.is_draft AS o_draft,
           o.parent_id IS NULL AS o_top, o.deleted_at IS NULL AS o_live,
           n.state_id AS n_state, n.priority AS n_priority, n.archived_at IS NOT NULL AS n_archived, n.is_draft AS n_draft,
           n.parent_id IS NULL AS n_top, n.deleted_at IS NULL AS n_live
      FROM old_rows o JOIN new_rows n USING (id)
     WHERE (o.state_id, o.priority, o.archived_at IS NULL, o.is_draft, o.parent_id IS NULL, o.deleted_at IS NULL)
           IS DISTINCT FROM (n.state_id, n.priority, n.archived_at IS NULL, n.is_draft, n.parent_id IS NULL, n.deleted_at IS NULL)
       AND (o.deleted_at IS NULL OR n.deleted_at IS NULL)
  ), changes AS (
    SELECT m.id, m.project_id, m.o_state AS state_id, m.o_priority AS priority, m.o_archived AS archived, m.o_draft AS draft,
           m.o_top AS top_level, -1 AS n
      FROM moved m WHERE m.o_live
    UNION ALL
    SELECT m.id, m.project_id, m.n_state, m.n_priority, m.n_archived, m.n_draft, m.n_top, 1
      FROM moved m WHERE m.n_live
  ), members AS (
    SELECT c.id, x.kind, x.member_id
      FROM (SELECT DISTINCT id FROM changes) c
      CROSS JOIN LATERAL (
        SELECT 'a'::"char" AS kind, a.assignee_id AS member_id FROM issue_assignees a WHERE a.issue_id = c.id
        UNION ALL
        SELECT 'l'::"char", l.label_id FROM issue_labels l WHERE l.issue_id = c.id
      ) x
  ), items AS (
    INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
    SELECT c.project_id, c.state_id, c.priority, c.archived, c.draft, c.top_level,
           NOT EXISTS (SELECT 1 FROM members m WHERE m.id = c.id AND m.kind = 'a'),
           NOT EXISTS (SELECT 1 FROM members m WHERE m.id = c.id AND m.kind = 'l'),
           sum(c.n)
      FROM changes c GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(c.n) <> 0
  )
  INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, top_level, n)
  SELECT c.project_id, m.kind, m.member_id, c.state_id, c.priority, c.archived, c.draft, c.top_level, sum(c.n)
    FROM changes c JOIN members m ON m.id = c.id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(c.n) <> 0;
  RETURN NULL;
END $$;

-- issues DELETE (hard): a row trigger, because the cascade to issue_assignees / issue_labels runs
-- after the issue row is gone, when nothing can tell what the item was counted under any more. Hard
-- deletes are rare (the purge job, a project's delete); soft-deleted rows are no longer counted.
CREATE FUNCTION work_item_counts_before_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.deleted_at IS NULL THEN
    INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
    VALUES (OLD.project_id, OLD.state_id, OLD.priority, OLD.archived_at IS NOT NULL, OLD.is_draft, OLD.parent_id IS NULL,
            NOT EXISTS (SELECT 1 FROM issue_assignees WHERE issue_id = OLD.id),
            NOT EXISTS (SELECT 1 FROM issue_labels WHERE issue_id = OLD.id), -1);
    INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, top_level, n)
    SELECT OLD.project_id, m.kind, m.member_id, OLD.state_id, OLD.priority, OLD.archived_at IS NOT NULL, OLD.is_draft,
           OLD.parent_id IS NULL, -1
      FROM (SELECT 'a'::"char" AS kind, assignee_id AS member_id FROM issue_assignees WHERE issue_id = OLD.id
            UNION ALL
            SELECT 'l'::"char", label_id FROM issue_labels WHERE issue_id = OLD.id) m;
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER work_item_counts_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_counts_on_insert();
CREATE TRIGGER work_item_counts_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_counts_on_update();
CREATE TRIGGER work_item_counts_delete BEFORE DELETE ON issues
  FOR EACH ROW EXECUTE FUNCTION work_item_counts_before_delete();

-- issue_assignees / issue_labels INSERT or DELETE: the membership counts under its item's current
-- key, and an item whose first assignee (label) arrives, or whose last one leaves, moves between the
-- "none" buckets. Rows whose item is gone (the cascade of a hard delete, counted above) or
-- soft-deleted count nothing. (Rows are never updated in place: the API replaces the sets.)
CREATE FUNCTION work_item_member_counts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  IF TG_TABLE_NAME = 'issue_assignees' THEN
    WITH per_item AS (
      SELECT r.issue_id, count(*) AS k FROM changed_rows r GROUP BY 1
    ), items AS (
      SELECT i.id, i.project_id, i.state_id, i.priority, i.archived_at IS NOT NULL AS archived, i.is_draft AS draft,
             i.parent_id IS NULL AS top_level,
             NOT EXISTS (SELECT 1 FROM issue_labels o WHERE o.issue_id = i.id) AS other_none,
             CASE WHEN sign > 0 THEN (SELECT count(*) FROM issue_assignees t WHERE t.issue_id = i.id) = p.k
                  ELSE NOT EXISTS (SELECT 1 FROM issue_assignees t WHERE t.issue_id = i.id) END AS flips
        FROM per_item p CROSS JOIN LATERAL (SELECT * FROM issues x WHERE x.id = p.issue_id OFFSET 0) i
       WHERE i.deleted_at IS NULL
    ), moved AS (
      INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
      SELECT it.project_id, it.state_id, it.priority, it.archived, it.draft, it.top_level, v.none, it.other_none, sum(v.n)
        FROM items it CROSS JOIN (VALUES (true, -sign), (false, sign)) AS v(none, n)
       WHERE it.flips
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, top_level, n)
    SELECT it.project_id, 'a', r.assignee_id, it.state_id, it.priority, it.archived, it.draft, it.top_level, sign * count(*)
      FROM changed_rows r JOIN items it ON it.id = r.issue_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  ELSE
    WITH per_item AS (
      SELECT r.issue_id, count(*) AS k FROM changed_rows r GROUP BY 1
    ), items AS (
      SELECT i.id, i.project_id, i.state_id, i.priority, i.archived_at IS NOT NULL AS archived, i.is_draft AS draft,
             i.parent_id IS NULL AS top_level,
             NOT EXISTS (SELECT 1 FROM issue_assignees o WHERE o.issue_id = i.id) AS other_none,
             CASE WHEN sign > 0 THEN (SELECT count(*) FROM issue_labels t WHERE t.issue_id = i.id) = p.k
                  ELSE NOT EXISTS (SELECT 1 FROM issue_labels t WHERE t.issue_id = i.id) END AS flips
        FROM per_item p CROSS JOIN LATERAL (SELECT * FROM issues x WHERE x.id = p.issue_id OFFSET 0) i
       WHERE i.deleted_at IS NULL
    ), moved AS (
      INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
      SELECT it.project_id, it.state_id, it.priority, it.archived, it.draft, it.top_level, it.other_none, v.none, sum(v.n)
        FROM items it CROSS JOIN (VALUES (true, -sign), (false, sign)) AS v(none, n)
       WHERE it.flips
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, top_level, n)
    SELECT it.project_id, 'l', r.label_id, it.state_id, it.priority, it.archived, it.draft, it.top_level, sign * count(*)
      FROM changed_rows r JOIN items it ON it.id = r.issue_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER work_item_member_counts_insert AFTER INSERT ON issue_assignees
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_member_counts_on_change();
CREATE TRIGGER work_item_member_counts_delete AFTER DELETE ON issue_assignees
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_member_counts_on_change();
CREATE TRIGGER work_item_member_counts_insert AFTER INSERT ON issue_labels
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_member_counts_on_change();
CREATE TRIGGER work_item_member_counts_delete AFTER DELETE ON issue_labels
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION work_item_member_counts_on_change();

-- Counters for the items that exist when this migration runs.
INSERT INTO work_item_counts (project_id, state_id, priority, archived, draft, top_level, no_assignee, no_label, n)
SELECT i.project_id, i.state_id, i.priority, i.archived_at IS NOT NULL, i.is_draft, i.parent_id IS NULL,
       NOT EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id),
       NOT EXISTS (SELECT 1 FROM issue_labels l WHERE l.issue_id = i.id), count(*)
  FROM issues i WHERE i.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO work_item_member_counts (project_id, kind, member_id, state_id, priority, archived, draft, top_level, n)
SELECT i.project_id, m.kind, m.member_id, i.state_id, i.priority, i.archived_at IS NOT NULL, i.is_draft, i.parent_id IS NULL, count(*)
  FROM issues i
  JOIN (SELECT issue_id, 'a'::"char" AS kind, assignee_id AS member_id FROM issue_assignees
        UNION ALL
        SELECT issue_id, 'l'::"char", label_id FROM issue_labels) m ON m.issue_id = i.id
 WHERE i.deleted_at IS NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
