-- Live server (jamsocket Plane's session-backend model on one machine): drones, backends keyed by
-- document, connection tokens, a status event log with NOTIFY, and per-document Yjs persistence
-- (snapshot + append-only update log) guarded by a fencing generation.

-- A drone is a running live process. It registers on start and heartbeats; a stale heartbeat means
-- its backends are lost.
CREATE TABLE drones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hostname text NOT NULL DEFAULT '',
  pid integer NOT NULL DEFAULT 0,
  port integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  last_heartbeat_at timestamptz NOT NULL DEFAULT now(),
  -- Set when the drone stops taking new backends (shutting down).
  draining_at timestamptz,
  stopped_at timestamptz
);
CREATE INDEX drones_alive_idx ON drones (last_heartbeat_at) WHERE stopped_at IS NULL;

-- Status order; a backend's status only moves forward (trigger below).
CREATE FUNCTION live_status_rank(status text) RETURNS smallint
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE status
    WHEN 'scheduled' THEN 1 WHEN 'loading' THEN 2 WHEN 'starting' THEN 3 WHEN 'waiting' THEN 4
    WHEN 'ready' THEN 5 WHEN 'terminating' THEN 6 WHEN 'hard-terminating' THEN 7 WHEN 'terminated' THEN 8
  END::smallint
$$;

-- Per-document state: the fencing generation (bumped each time a new backend is created for the
-- key) and the compacted snapshot. Only the holder of the current generation may write.
CREATE TABLE live_documents (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  generation bigint NOT NULL DEFAULT 0,
  snapshot bytea,
  snapshot_generation bigint,
  compacted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only Yjs update log, folded into live_documents.snapshot by compaction.
CREATE TABLE live_document_updates (
  id bigserial PRIMARY KEY,
  key text NOT NULL REFERENCES live_documents (key) ON DELETE CASCADE,
  generation bigint NOT NULL,
  update bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_document_updates_key_idx ON live_document_updates (key, id);

CREATE TABLE live_backends (
  -- Random, unguessable: knowing it lets a client read the backend's status (jamsocket /pub).
  id text PRIMARY KEY,
  key text NOT NULL REFERENCES live_documents (key),
  generation bigint NOT NULL,
  drone_id uuid REFERENCES drones (id),
  status text NOT NULL DEFAULT 'scheduled' CHECK (live_status_rank(status) IS NOT NULL),
  reason text CHECK (reason IN ('swept', 'external', 'lost', 'startuptimeout', 'internalerror')),
  max_idle_seconds integer NOT NULL DEFAULT 30 CHECK (max_idle_seconds BETWEEN 1 AND 86400),
  created_at timestamptz NOT NULL DEFAULT now(),
  status_at timestamptz NOT NULL DEFAULT now(),
  terminated_at timestamptz,
  CHECK (status <> 'terminated' OR reason IS NOT NULL)
);
-- The key lock: one live (non-terminated) backend per document.
CREATE UNIQUE INDEX live_backends_key_live_idx ON live_backends (key) WHERE status <> 'terminated';
CREATE INDEX live_backends_drone_idx ON live_backends (drone_id) WHERE status <> 'terminated';

-- Connection tokens: only a SHA-256 is stored. The secret token is handed to the app alongside and can
-- revoke its connection token.
CREATE TABLE live_tokens (
  token_hash bytea PRIMARY KEY,
  secret_hash bytea NOT NULL UNIQUE,
  backend_id text NOT NULL REFERENCES live_backends (id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('full', 'read-only')),
  user_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX live_tokens_backend_idx ON live_tokens (backend_id);

-- Every status change, replayable by /pub/b/<id>/status (SSE, Last-Event-ID).
CREATE TABLE live_backend_events (
  id bigserial PRIMARY KEY,
  backend_id text NOT NULL REFERENCES live_backends (id) ON DELETE CASCADE,
  status text NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_backend_events_backend_idx ON live_backend_events (backend_id, id);

-- Status only moves forward; a same-status update is a no-op. Every change is recorded and announced.
CREATE FUNCTION live_backends_status_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF live_status_rank(NEW.status) < live_status_rank(OLD.status) THEN
      RAISE EXCEPTION 'live backend % status cannot move back from % to %', OLD.id, OLD.status, NEW.status
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = OLD.status THEN
      NEW.reason := OLD.reason;
      NEW.status_at := OLD.status_at;
      RETURN NEW;
    END IF;
    -- A termination reason, once set, is kept.
    NEW.reason := COALESCE(OLD.reason, NEW.reason);
  END IF;
  NEW.status_at := now();
  IF NEW.status = 'terminated' THEN
    NEW.terminated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION live_backends_status_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  event_id bigint;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  INSERT INTO live_backend_events (backend_id, status, reason, at)
  VALUES (NEW.id, NEW.status, NEW.reason, NEW.status_at) RETURNING id INTO event_id;
  PERFORM pg_notify('hangar_live_status', json_build_object(
    'id', event_id, 'backend_id', NEW.id, 'drone_id', NEW.drone_id, 'status', NEW.status,
    'reason', NEW.reason, 'time', NEW.status_at)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER live_backends_status_guard BEFORE INSERT OR UPDATE OF status ON live_backends
  FOR EACH ROW EXECUTE FUNCTION live_backends_status_guard();
CREATE TRIGGER live_backends_status_event AFTER INSERT OR UPDATE OF status ON live_backends
  FOR EACH ROW EXECUTE FUNCTION live_backends_status_event();
