-- Outgoing webhooks (Plane's): a workspace's admins register URLs with one toggle per event kind;
-- every change to a project, work item or comment is captured by a trigger into an outbox
-- (webhook_events), fanned out by the api process's dispatcher into one `deliver-webhook` job per
-- matching webhook, and every delivery attempt is logged in webhook_logs.

CREATE TABLE webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
  -- HMAC-SHA256 key for X-Plane-Signature; generated server-side, shown to the workspace's admins.
  secret text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  project boolean NOT NULL DEFAULT false,
  issue boolean NOT NULL DEFAULT false,
  module boolean NOT NULL DEFAULT false,
  cycle boolean NOT NULL DEFAULT false,
  issue_comment boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX webhooks_url_key ON webhooks (workspace_id, url) WHERE deleted_at IS NULL;
-- What the capture trigger asks on every captured write: "does this workspace listen at all?".
CREATE INDEX webhooks_listening_idx ON webhooks (workspace_id) WHERE is_active AND deleted_at IS NULL;

-- One row per delivery attempt. The secret is never stored here (the signature header is: it is
-- derived from the body and reveals nothing of the key).
CREATE TABLE webhook_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  event text NOT NULL,
  action text NOT NULL,
  delivery_id uuid NOT NULL,
  attempt integer NOT NULL,
  request_headers jsonb NOT NULL DEFAULT '{}',
  request_body text NOT NULL,
  response_status integer,
  -- Truncated by the deliverer.
  response_body text,
  error text,
  duration_ms integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_logs_webhook_idx ON webhook_logs (webhook_id, created_at DESC);
CREATE INDEX webhook_logs_delivery_idx ON webhook_logs (delivery_id);

-- The outbox. Rows live from the writing transaction's commit until the dispatcher has turned them
-- into delivery jobs (seconds). Updates get one row per changed field, as Plane sends one webhook
-- per changed field with `activity: {field, old_value, new_value, actor}`.
-- No foreign key to workspaces on purpose: a workspace's cascade delete deletes rows whose triggers
-- would insert here for a workspace row that is already gone; the dispatcher drops orphans.
CREATE TABLE webhook_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL,
  event text NOT NULL CHECK (event IN ('project', 'issue', 'module', 'cycle', 'issue_comment')),
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  object_id uuid NOT NULL,
  project_id uuid,
  actor uuid,
  field text,
  old_value jsonb,
  new_value jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- AFTER ROW trigger for every captured table: TG_ARGV[0] = event, TG_ARGV[1] = comma-separated
-- columns whose changes are not announced (derived or bookkeeping columns). Cheap when nobody
-- listens: one index probe on webhooks, nothing else. Soft delete (deleted_at set) is a delete,
-- un-deleting is a create (the object reappears); writes to soft-deleted rows are silent; a hard
-- delete of a live row is a delete; updates by the creating transaction are not announced. The
-- actor is the row's updated_by (created_by on insert).
CREATE FUNCTION webhook_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
  quiet text[] := ARRAY['id', 'workspace_id', 'project_id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at']
    || string_to_array(COALESCE(TG_ARGV[1], ''), ',');
  ws uuid;
  rec jsonb;
  old_rec jsonb;
  proj uuid;
  changed integer;
BEGIN
  IF TG_OP = 'DELETE' THEN ws := OLD.workspace_id; ELSE ws := NEW.workspace_id; END IF;
  IF NOT EXISTS (
    SELECT 1 FROM webhooks w
     WHERE w.workspace_id = ws AND w.is_active AND w.deleted_at IS NULL
       AND CASE kind WHEN 'project' THEN w.project WHEN 'issue' THEN w.issue WHEN 'issue_comment' THEN w.issue_comment
                     WHEN 'cycle' THEN w.cycle WHEN 'module' THEN w.module ELSE false END
  ) THEN
    RETURN NULL;
  END IF;

  IF TG_OP = 'DELETE' THEN
    IF OLD.deleted_at IS NOT NULL THEN RETURN NULL; END IF;
    rec := to_jsonb(OLD);
  ELSE
    rec := to_jsonb(NEW);
  END IF;
  proj := CASE WHEN kind = 'project' THEN (rec ->> 'id')::uuid ELSE (rec ->> 'project_id')::uuid END;

  IF TG_OP = 'INSERT' THEN
    IF NEW.deleted_at IS NOT NULL THEN RETURN NULL; END IF;
    INSERT INTO webhook_events (workspace_id, event, action, object_id, project_id, actor)
    VALUES (ws, kind, 'create', NEW.id, proj, COALESCE(NEW.created_by, NEW.updated_by));
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO webhook_events (workspace_id, event, action, object_id, project_id, actor)
    VALUES (ws, kind, 'delete', OLD.id, proj, OLD.updated_by);
  ELSIF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
    INSERT INTO webhook_events (workspace_id, event, action, object_id, project_id, actor)
    VALUES (ws, kind, 'delete', NEW.id, proj, NEW.updated_by);
  ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
    INSERT INTO webhook_events (workspace_id, event, action, object_id, project_id, actor)
    VALUES (ws, kind, 'create', NEW.id, proj, NEW.updated_by);
  ELSIF NEW.deleted_at IS NOT NULL THEN
    RETURN NULL;
  ELSIF OLD.created_at = now() THEN
    -- Written again by the transaction that created it (a project's default state, …): part of
    -- the create, whose delivery reads the object as it is by then.
    RETURN NULL;
  ELSE
    old_rec := to_jsonb(OLD) - quiet;
    rec := rec - quiet;
    INSERT INTO webhook_events (workspace_id, event, action, object_id, project_id, actor, field, old_value, new_value)
    SELECT ws, kind, 'update', NEW.id, proj, NEW.updated_by, n.key, o.value, n.value
      FROM jsonb_each(rec) n JOIN jsonb_each(old_rec) o ON o.key = n.key
     WHERE n.value IS DISTINCT FROM o.value
     ORDER BY n.key;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN RETURN NULL; END IF;
  END IF;
  -- Delivered at commit; identical notifications in one transaction collapse into one.
  PERFORM pg_notify('hangar_webhook_events', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER webhook_capture AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION webhook_capture('project', 'sort_order');
CREATE TRIGGER webhook_capture AFTER INSERT OR UPDATE OR DELETE ON issues
  FOR EACH ROW EXECUTE FUNCTION webhook_capture('issue',
    'sequence_id,sort_order,description_stripped,description_binary,completed_at,search_vector');
CREATE TRIGGER webhook_capture AFTER INSERT OR UPDATE OR DELETE ON issue_comments
  FOR EACH ROW EXECUTE FUNCTION webhook_capture('issue_comment', 'issue_id,actor_id,comment_stripped,comment_json,edited_at');
