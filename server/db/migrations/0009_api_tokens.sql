-- API tokens for /api/v1 (X-Api-Key): owned by a user, optionally bound to one workspace; only the
-- SHA-256 of the token is stored. Plane's columns: label, description, is_active, expired_at, last_used.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  workspace_id uuid REFERENCES workspaces (id) ON DELETE CASCADE,
  label text NOT NULL DEFAULT '' CHECK (length(label) <= 255),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  token_hash bytea NOT NULL UNIQUE,
  -- The first characters of the token, so a user can tell their tokens apart in a list.
  token_hint text NOT NULL,
  is_service boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  expired_at timestamptz,
  last_used timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
