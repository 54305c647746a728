-- Intake (Plane's triage queue) and estimates.
--
-- An intake work item is an ordinary `issues` row plus one `intake_issues` row. While it waits
-- (pending -2, snoozed 0) it sits in the project's Triage state, which every work-item list and the
-- counters of 0008 already leave out, so lists need no extra condition; the intake commands move it
-- out of triage when it is accepted (default state), rejected or marked duplicate (a cancelled state),
-- as Plane does.

-- One intake per project, made the first time the project's intake is used.
CREATE TABLE intakes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT 'Intake',
  description text NOT NULL DEFAULT '',
  is_default boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intake_issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  intake_id uuid NOT NULL REFERENCES intakes (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL UNIQUE REFERENCES issues (id) ON DELETE CASCADE,
  -- -2 pending, -1 rejected, 0 snoozed, 1 accepted, 2 duplicate
  status smallint NOT NULL DEFAULT -2 CHECK (status IN (-2, -1, 0, 1, 2)),
  snoozed_till timestamptz,
  duplicate_to uuid REFERENCES issues (id) ON DELETE SET NULL,
  source text NOT NULL DEFAULT 'IN_APP',
  source_email text,
  extra jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK (duplicate_to IS NULL OR duplicate_to <> issue_id)
);
-- The intake list (newest first) and its guest variant (only what the viewer submitted).
CREATE INDEX intake_issues_list_idx ON intake_issues (project_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX intake_issues_duplicate_idx ON intake_issues (duplicate_to) WHERE duplicate_to IS NOT NULL;

CREATE TABLE estimates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  type text NOT NULL DEFAULT 'categories' CHECK (type IN ('points', 'categories', 'time')),
  last_used boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX estimates_name_key ON estimates (project_id, lower(name));

CREATE TABLE estimate_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  estimate_id uuid NOT NULL REFERENCES estimates (id) ON DELETE CASCADE,
  key integer NOT NULL CHECK (key BETWEEN 0 AND 1000),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Checked at commit: an update may swap two points' keys.
  UNIQUE (estimate_id, key) DEFERRABLE INITIALLY DEFERRED
);

-- Estimates and points are deleted outright, so the references to them clear themselves. Until now
-- no estimate existed and nothing checked issues.estimate_point: any value there names nothing.
UPDATE projects SET estimate = NULL WHERE estimate IS NOT NULL;
ALTER TABLE projects ADD CONSTRAINT projects_estimate_fk FOREIGN KEY (estimate) REFERENCES estimates (id) ON DELETE SET NULL;
UPDATE issues SET estimate_point = NULL WHERE estimate_point IS NOT NULL;
ALTER TABLE issues ADD CONSTRAINT issues_estimate_point_fk FOREIGN KEY (estimate_point) REFERENCES estimate_points (id) ON DELETE SET NULL;
-- What the foreign key's ON DELETE looks up (most items have no point: the index stays small).
CREATE INDEX issues_estimate_point_idx ON issues (estimate_point) WHERE estimate_point IS NOT NULL;
