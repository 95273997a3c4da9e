-- The central schema as shiftcheck created it before ids were unique per store and columns
-- were derived from the document (pg_dump of `central init`); migration tests start here.

CREATE SCHEMA __SCHEMA__;

CREATE TABLE __SCHEMA__.acknowledgements (
    id uuid NOT NULL,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    employee_id text,
    doc_time timestamp with time zone NOT NULL,
    record uuid NOT NULL,
    body jsonb NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    terminal_clock timestamp with time zone NOT NULL,
    clock_skew_seconds double precision GENERATED ALWAYS AS ((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) STORED,
    clock_flagged boolean GENERATED ALWAYS AS ((abs((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) > (300)::double precision)) STORED,
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL
);

CREATE TABLE __SCHEMA__.audit (
    id uuid NOT NULL,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    employee_id text,
    doc_time timestamp with time zone NOT NULL,
    body jsonb NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    terminal_clock timestamp with time zone NOT NULL,
    clock_skew_seconds double precision GENERATED ALWAYS AS ((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) STORED,
    clock_flagged boolean GENERATED ALWAYS AS ((abs((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) > (300)::double precision)) STORED,
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL
);

CREATE TABLE __SCHEMA__.corrections (
    id uuid NOT NULL,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    employee_id text,
    doc_time timestamp with time zone NOT NULL,
    target uuid NOT NULL,
    body jsonb NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    terminal_clock timestamp with time zone NOT NULL,
    clock_skew_seconds double precision GENERATED ALWAYS AS ((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) STORED,
    clock_flagged boolean GENERATED ALWAYS AS ((abs((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) > (300)::double precision)) STORED,
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL
);

CREATE TABLE __SCHEMA__.records (
    id uuid NOT NULL,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    employee_id text,
    doc_time timestamp with time zone NOT NULL,
    checklist text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    submitted_at timestamp with time zone NOT NULL,
    body jsonb NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    terminal_clock timestamp with time zone NOT NULL,
    clock_skew_seconds double precision GENERATED ALWAYS AS ((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) STORED,
    clock_flagged boolean GENERATED ALWAYS AS ((abs((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) > (300)::double precision)) STORED,
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL
);

CREATE TABLE __SCHEMA__.staff_directory (
    snapshot uuid NOT NULL,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    employee_id text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    active boolean NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT staff_directory_role_check CHECK ((role = ANY (ARRAY['staff'::text, 'supervisor'::text])))
);

CREATE TABLE __SCHEMA__.store_roles (
    store_id text NOT NULL,
    role_name text NOT NULL
);

CREATE TABLE __SCHEMA__.sync_log (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    store_id text NOT NULL,
    terminal_id text NOT NULL,
    timezone text NOT NULL,
    store_name text DEFAULT ''::text NOT NULL,
    terminal_clock timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    clock_skew_seconds double precision GENERATED ALWAYS AS ((EXTRACT(epoch FROM (terminal_clock - received_at)))::double precision) STORED,
    pushed integer NOT NULL
);

CREATE VIEW __SCHEMA__.terminals WITH (security_invoker='true') AS
 SELECT DISTINCT ON (sync_log.store_id, sync_log.terminal_id) sync_log.store_id,
    sync_log.terminal_id,
    sync_log.timezone,
    sync_log.received_at AS last_seen,
    sync_log.clock_skew_seconds,
    (abs(sync_log.clock_skew_seconds) > (300)::double precision) AS clock_flagged
   FROM __SCHEMA__.sync_log
  ORDER BY sync_log.store_id, sync_log.terminal_id, sync_log.received_at DESC;

ALTER TABLE ONLY __SCHEMA__.acknowledgements
    ADD CONSTRAINT acknowledgements_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.corrections
    ADD CONSTRAINT corrections_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.records
    ADD CONSTRAINT records_pkey PRIMARY KEY (id);

ALTER TABLE ONLY __SCHEMA__.staff_directory
    ADD CONSTRAINT staff_directory_pkey PRIMARY KEY (snapshot, employee_id);

ALTER TABLE ONLY __SCHEMA__.store_roles
    ADD CONSTRAINT store_roles_pkey PRIMARY KEY (store_id);

ALTER TABLE ONLY __SCHEMA__.store_roles
    ADD CONSTRAINT store_roles_role_name_key UNIQUE (role_name);

ALTER TABLE ONLY __SCHEMA__.sync_log
    ADD CONSTRAINT sync_log_pkey PRIMARY KEY (id);

CREATE INDEX acknowledgements_store_time ON __SCHEMA__.acknowledgements USING btree (store_id, doc_time);

CREATE INDEX acknowledgements_store_tx ON __SCHEMA__.acknowledgements USING btree (store_id, tx);

CREATE INDEX audit_store_time ON __SCHEMA__.audit USING btree (store_id, doc_time);

CREATE INDEX audit_store_tx ON __SCHEMA__.audit USING btree (store_id, tx);

CREATE INDEX corrections_store_time ON __SCHEMA__.corrections USING btree (store_id, doc_time);

CREATE INDEX corrections_store_tx ON __SCHEMA__.corrections USING btree (store_id, tx);

CREATE INDEX records_store_time ON __SCHEMA__.records USING btree (store_id, doc_time);

CREATE INDEX records_store_tx ON __SCHEMA__.records USING btree (store_id, tx);

CREATE INDEX staff_directory_store ON __SCHEMA__.staff_directory USING btree (store_id, employee_id, received_at);

CREATE INDEX sync_log_terminal ON __SCHEMA__.sync_log USING btree (store_id, terminal_id, received_at);

ALTER TABLE __SCHEMA__.acknowledgements ENABLE ROW LEVEL SECURITY;

ALTER TABLE __SCHEMA__.audit ENABLE ROW LEVEL SECURITY;

ALTER TABLE __SCHEMA__.corrections ENABLE ROW LEVEL SECURITY;

ALTER TABLE __SCHEMA__.records ENABLE ROW LEVEL SECURITY;

ALTER TABLE __SCHEMA__.staff_directory ENABLE ROW LEVEL SECURITY;

ALTER TABLE __SCHEMA__.sync_log ENABLE ROW LEVEL SECURITY;

