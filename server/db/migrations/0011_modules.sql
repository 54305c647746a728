-- Modules (Plane's feature groupings): a module has a status, an optional lead, members, dates and
-- work items; a work item may be in several modules. Column names follow Plane's
-- (../shared/plane-api-v1.md "module").

CREATE TABLE modules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  description_text text,
  description_html text NOT NULL DEFAULT '<p></p>',
  start_date date,
  target_date date,
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('backlog', 'planned', 'in-progress', 'paused', 'completed', 'cancelled')),
  lead uuid REFERENCES users (id) ON DELETE SET NULL,
  view_props jsonb NOT NULL DEFAULT '{}',
  sort_order double precision NOT NULL DEFAULT 65535,
  archived_at timestamptz,
  logo_props jsonb NOT NULL DEFAULT '{}',
  external_source text,
  external_id text,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK (start_date IS NULL OR target_date IS NULL OR start_date <= target_date)
);
CREATE UNIQUE INDEX modules_name_key ON modules (project_id, lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX modules_external_key ON modules (project_id, external_source, external_id)
  WHERE external_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX modules_project_idx ON modules (project_id, created_at DESC) WHERE deleted_at IS NULL;

CREATE TABLE module_members (
  module_id uuid NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (module_id, member_id)
);

-- Rows carry an id and audit columns: Plane's v1 answers a module-item link as an object.
CREATE TABLE module_issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  module_id uuid NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (module_id, issue_id)
);
CREATE INDEX module_issues_issue_idx ON module_issues (issue_id);
