-- Cycles (Plane's sprints): a dated (or draft, undated) period of a project holding work items; a work
-- item is in at most one cycle. Column names follow Plane's (../shared/plane-api-v1.md "cycle").
-- Names may repeat within a project, as in Plane.

CREATE TABLE cycles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  start_date date,
  end_date date,
  owned_by uuid REFERENCES users (id) ON DELETE SET NULL,
  view_props jsonb NOT NULL DEFAULT '{}',
  sort_order double precision NOT NULL DEFAULT 65535,
  -- Counts saved when a cycle's unfinished items are transferred out (Plane's progress snapshot).
  progress_snapshot jsonb NOT NULL DEFAULT '{}',
  archived_at timestamptz,
  logo_props jsonb NOT NULL DEFAULT '{}',
  timezone text NOT NULL DEFAULT 'UTC',
  version integer NOT NULL DEFAULT 1,
  external_source text,
  external_id text,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK ((start_date IS NULL) = (end_date IS NULL)),
  CHECK (start_date IS NULL OR start_date <= end_date)
);
CREATE UNIQUE INDEX cycles_external_key ON cycles (project_id, external_source, external_id)
  WHERE external_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX cycles_project_idx ON cycles (project_id, created_at DESC) WHERE deleted_at IS NULL;

-- Rows carry an id and audit columns: Plane's v1 answers a cycle-item link as an object, and moving
-- an item to another cycle updates its row.
CREATE TABLE cycle_issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id uuid NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL UNIQUE REFERENCES issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cycle_issues_cycle_idx ON cycle_issues (cycle_id);
