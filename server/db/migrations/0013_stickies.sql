-- Stickies: a workspace member's private notes (Plane's Sticky). A sticky belongs to its owner only:
-- every read and write is scoped by (workspace_id, owner_id), so nobody else in the workspace sees it.
CREATE TABLE stickies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text CHECK (length(name) <= 255),
  description jsonb NOT NULL DEFAULT '{}',
  description_html text NOT NULL DEFAULT '<p></p>',
  description_stripped text,
  description_binary bytea,
  logo_props jsonb NOT NULL DEFAULT '{}',
  color text CHECK (length(color) <= 255),
  background_color text CHECK (length(background_color) <= 255),
  sort_order double precision NOT NULL DEFAULT 65535,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
-- The owner's list, newest (highest sort_order) first.
CREATE INDEX stickies_owner_idx ON stickies (workspace_id, owner_id, sort_order DESC) WHERE deleted_at IS NULL;
