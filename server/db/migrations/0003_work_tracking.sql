-- Work tracking (Plane's core): profiles, invitations, projects and members, states, labels, work
-- items with their sequence ids, assignees, labels, relations, links, comments and reactions,
-- subscribers, activity, and file assets. Column names follow Plane's (../shared/plane-api-v1.md).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Instance settings that are not flags on `instance`: storage backend, limits, hard-delete delay.
CREATE TABLE instance_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Outbox for emails (invitations, …) until SMTP exists: written in the same transaction as the cause.
CREATE TABLE email_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_email text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  kind text NOT NULL,
  idempotency_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

ALTER TABLE workspaces
  ADD COLUMN logo text NOT NULL DEFAULT '',
  ADD COLUMN organization_size text NOT NULL DEFAULT '',
  ADD COLUMN timezone text NOT NULL DEFAULT 'UTC';

CREATE TABLE workspace_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email)),
  role smallint NOT NULL DEFAULT 5 CHECK (role IN (5, 15, 20)),
  -- SHA-256 of the token sent in the link; the token itself is only in the email.
  token_hash bytea NOT NULL UNIQUE,
  message text NOT NULL DEFAULT '',
  accepted boolean NOT NULL DEFAULT false,
  responded_at timestamptz,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One open invitation per email per workspace.
CREATE UNIQUE INDEX workspace_invitations_open_key ON workspace_invitations (workspace_id, email) WHERE responded_at IS NULL;

CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  description_text text,
  description_html text NOT NULL DEFAULT '<p></p>',
  network smallint NOT NULL DEFAULT 2 CHECK (network IN (0, 2)),
  identifier text NOT NULL CHECK (identifier ~ '^[A-Z0-9]{1,12}$'),
  emoji text,
  icon_prop jsonb,
  logo_props jsonb NOT NULL DEFAULT '{}',
  cover_image text,
  module_view boolean NOT NULL DEFAULT true,
  cycle_view boolean NOT NULL DEFAULT true,
  issue_views_view boolean NOT NULL DEFAULT true,
  page_view boolean NOT NULL DEFAULT true,
  intake_view boolean NOT NULL DEFAULT false,
  is_time_tracking_enabled boolean NOT NULL DEFAULT false,
  is_issue_type_enabled boolean NOT NULL DEFAULT false,
  guest_view_all_features boolean NOT NULL DEFAULT false,
  archive_in smallint NOT NULL DEFAULT 0 CHECK (archive_in BETWEEN 0 AND 12),
  close_in smallint NOT NULL DEFAULT 0 CHECK (close_in BETWEEN 0 AND 12),
  timezone text NOT NULL DEFAULT 'UTC',
  project_lead uuid REFERENCES users (id) ON DELETE SET NULL,
  default_assignee uuid REFERENCES users (id) ON DELETE SET NULL,
  default_state uuid,
  estimate uuid,
  sort_order double precision NOT NULL DEFAULT 65535,
  external_source text,
  external_id text,
  archived_at timestamptz,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX projects_identifier_key ON projects (workspace_id, identifier) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX projects_name_key ON projects (workspace_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX projects_workspace_idx ON projects (workspace_id);

CREATE TABLE project_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role smallint NOT NULL DEFAULT 15 CHECK (role IN (5, 15, 20)),
  sort_order double precision NOT NULL DEFAULT 65535,
  is_active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, member_id)
);
CREATE INDEX project_members_member_idx ON project_members (member_id);

CREATE TABLE states (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  color text NOT NULL CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
  slug text NOT NULL DEFAULT '',
  sequence double precision NOT NULL DEFAULT 65535,
  "group" text NOT NULL CHECK ("group" IN ('backlog', 'unstarted', 'started', 'completed', 'cancelled', 'triage')),
  is_triage boolean NOT NULL DEFAULT false,
  "default" boolean NOT NULL DEFAULT false,
  external_source text,
  external_id text,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX states_name_key ON states (project_id, lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX states_default_key ON states (project_id) WHERE "default" AND deleted_at IS NULL;
ALTER TABLE projects ADD CONSTRAINT projects_default_state_fk FOREIGN KEY (default_state) REFERENCES states (id) ON DELETE SET NULL;

CREATE TABLE labels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  parent uuid REFERENCES labels (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description text NOT NULL DEFAULT '',
  color text NOT NULL DEFAULT '#858E96',
  sort_order double precision NOT NULL DEFAULT 65535,
  external_source text,
  external_id text,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX labels_name_key ON labels (project_id, lower(name)) WHERE deleted_at IS NULL;

-- The per-project counter behind KEY-123: one row per project, incremented under its row lock, so
-- concurrent creates get distinct consecutive numbers and a rolled-back create leaves no gap.
CREATE TABLE project_issue_sequences (
  project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  last_sequence integer NOT NULL DEFAULT 0
);

CREATE TABLE issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  sequence_id integer NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  description_html text NOT NULL DEFAULT '<p></p>',
  description_stripped text,
  description_binary bytea,
  priority text NOT NULL DEFAULT 'none' CHECK (priority IN ('urgent', 'high', 'medium', 'low', 'none')),
  state_id uuid REFERENCES states (id) ON DELETE SET NULL,
  parent_id uuid REFERENCES issues (id) ON DELETE SET NULL,
  estimate_point uuid,
  type_id uuid,
  point integer,
  start_date date,
  target_date date,
  sort_order double precision NOT NULL DEFAULT 65535,
  completed_at timestamptz,
  archived_at timestamptz,
  is_draft boolean NOT NULL DEFAULT false,
  external_source text,
  external_id text,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CHECK (start_date IS NULL OR target_date IS NULL OR start_date <= target_date)
);
CREATE UNIQUE INDEX issues_sequence_key ON issues (project_id, sequence_id);
CREATE INDEX issues_project_live_idx ON issues (project_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX issues_project_state_idx ON issues (project_id, state_id) WHERE deleted_at IS NULL;
CREATE INDEX issues_project_sort_idx ON issues (project_id, sort_order) WHERE deleted_at IS NULL;
CREATE INDEX issues_parent_idx ON issues (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX issues_deleted_idx ON issues (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE UNIQUE INDEX issues_external_key ON issues (project_id, external_source, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX issues_name_trgm_idx ON issues USING gin (name gin_trgm_ops);

CREATE TABLE issue_assignees (
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  assignee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issue_id, assignee_id)
);
CREATE INDEX issue_assignees_user_idx ON issue_assignees (assignee_id, project_id);

CREATE TABLE issue_labels (
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  label_id uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issue_id, label_id)
);
CREATE INDEX issue_labels_label_idx ON issue_labels (label_id, project_id);

-- Stored once per pair: blocked_by is the inverse of blocking (stored as blocked_by), start_after of
-- start_before, finish_after of finish_before; duplicate and relates_to are symmetric.
CREATE TABLE issue_relations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  related_issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  relation_type text NOT NULL CHECK (relation_type IN ('duplicate', 'relates_to', 'blocked_by', 'start_before', 'finish_before')),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (issue_id <> related_issue_id)
);
CREATE UNIQUE INDEX issue_relations_pair_key ON issue_relations (LEAST(issue_id, related_issue_id), GREATEST(issue_id, related_issue_id));
CREATE INDEX issue_relations_related_idx ON issue_relations (related_issue_id);
CREATE INDEX issue_relations_issue_idx ON issue_relations (issue_id);

CREATE TABLE issue_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  title text,
  url text NOT NULL CHECK (length(url) <= 2048),
  metadata jsonb NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX issue_links_url_key ON issue_links (issue_id, url);

CREATE TABLE issue_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  parent_id uuid REFERENCES issue_comments (id) ON DELETE CASCADE,
  comment_html text NOT NULL DEFAULT '<p></p>',
  comment_stripped text NOT NULL DEFAULT '',
  comment_json jsonb NOT NULL DEFAULT '{}',
  attachments text[] NOT NULL DEFAULT '{}',
  access text NOT NULL DEFAULT 'INTERNAL' CHECK (access IN ('INTERNAL', 'EXTERNAL')),
  external_source text,
  external_id text,
  edited_at timestamptz,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX issue_comments_issue_idx ON issue_comments (issue_id, created_at);

CREATE TABLE comment_reactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  comment_id uuid NOT NULL REFERENCES issue_comments (id) ON DELETE CASCADE,
  actor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  reaction text NOT NULL CHECK (length(reaction) BETWEEN 1 AND 20),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (comment_id, actor_id, reaction)
);

CREATE TABLE issue_subscribers (
  issue_id uuid NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  subscriber_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issue_id, subscriber_id)
);

-- One row per changed field (Plane's IssueActivity), written in the change's own transaction.
CREATE TABLE issue_activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issue_id uuid REFERENCES issues (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  verb text NOT NULL DEFAULT 'updated',
  field text,
  old_value text,
  new_value text,
  old_identifier uuid,
  new_identifier uuid,
  comment text NOT NULL DEFAULT '',
  attachments text[] NOT NULL DEFAULT '{}',
  issue_comment_id uuid REFERENCES issue_comments (id) ON DELETE SET NULL,
  epoch double precision NOT NULL DEFAULT extract(epoch FROM now()),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_activities_issue_idx ON issue_activities (issue_id, created_at);

-- Attachments and other uploaded files. `storage_key` is where the bytes live (local disk path
-- under <data>/files, or the S3 object key).
CREATE TABLE file_assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
  issue_id uuid REFERENCES issues (id) ON DELETE CASCADE,
  entity_type text NOT NULL DEFAULT 'ISSUE_ATTACHMENT',
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  storage_key text NOT NULL UNIQUE,
  sha256 text,
  is_uploaded boolean NOT NULL DEFAULT false,
  attributes jsonb NOT NULL DEFAULT '{}',
  external_source text,
  external_id text,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX file_assets_issue_idx ON file_assets (issue_id) WHERE deleted_at IS NULL;
