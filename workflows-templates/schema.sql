-- PostgreSQL tables used by the n8n-nodes-orcid templates (PostgreSQL 13 or newer).
-- Apply once to the database your n8n Postgres credential points at:
--   psql "postgresql://user@host/dbname" -f schema.sql
-- Every statement is idempotent, so running it again is harmless.
--
-- The researchers' token records live in the n8n Data table `orcid_researchers` by default
-- (template 01); `orcid_researchers` below is for the Postgres variant of template 01.

-- 1. The stored token record, one row per researcher and ORCID environment (template 01,
--    Postgres variant). ORCID asks integrations to keep every field of the token exchange.
CREATE TABLE IF NOT EXISTS orcid_researchers (
	orcid         text        NOT NULL,               -- bare iD, 0000-0002-1825-0097
	environment   text        NOT NULL,               -- production / sandbox (custom URLs: the one they stand for)
	reference     text,                               -- your user key, signed into the start link
	orcid_uri     text        NOT NULL,               -- https://orcid.org/… (sandbox: https://sandbox.orcid.org/…)
	name          text,
	api_type      text        NOT NULL,               -- member / public
	access_token  text        NOT NULL,               -- plain, or orcidenc:v1:... when encrypted
	refresh_token text,
	token_type    text,
	scopes        text[]      NOT NULL DEFAULT '{}',  -- {/read-limited,/activities/update}
	expires_in    bigint,
	expires_at    timestamptz,
	obtained_at   timestamptz,
	id_token      text,
	status        text        NOT NULL DEFAULT 'connected'
		CHECK (status IN ('connected', 'revoked', 'expired')),
	checked_at    timestamptz,
	revoked_at    timestamptz,
	updated_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (orcid, environment)
);
CREATE INDEX IF NOT EXISTS orcid_researchers_reference ON orcid_researchers (reference);

-- 1b. Connections a person must decide (template 01, Postgres variant): an iD came back under
--     another reference than the one its row has. The row is kept; the attempt is recorded.
CREATE TABLE IF NOT EXISTS orcid_connection_conflicts (
	id                 bigserial   PRIMARY KEY,
	time               timestamptz NOT NULL DEFAULT now(),
	orcid              text        NOT NULL,
	environment        text        NOT NULL,
	reference          text,                          -- the reference of the new attempt
	existing_reference text,                          -- the reference the stored row keeps
	status             text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
	decided_at         timestamptz
);

-- 1c. Authorizations ORCID started itself (its inbox notice "Connect your ORCID iD with ..."):
--     the token record without a reference, until a person matches it to one of your users.
CREATE TABLE IF NOT EXISTS orcid_pending_connections (
	orcid         text        NOT NULL,
	environment   text        NOT NULL,
	orcid_uri     text        NOT NULL,
	name          text,
	api_type      text        NOT NULL,
	access_token  text        NOT NULL,
	refresh_token text,
	token_type    text,
	scopes        text[]      NOT NULL DEFAULT '{}',
	expires_in    bigint,
	expires_at    timestamptz,
	obtained_at   timestamptz,
	id_token      text,
	received_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (orcid, environment)
);

-- 2. Your publications: stands for your own system's table of works (templates 02, 04, 08, 10).
CREATE TABLE IF NOT EXISTS publications (
	local_key        text PRIMARY KEY,                -- your own key of the work
	orcid            text NOT NULL,                   -- the author's iD
	title            text NOT NULL,
	work_type        text NOT NULL DEFAULT 'journal-article', -- ORCID work type
	doi              text,
	journal          text,
	publication_date text,                            -- YYYY, YYYY-MM or YYYY-MM-DD
	url              text,
	updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS publications_orcid ON publications (orcid);

-- 3. Put codes: what ORCID called each item you wrote. A put code only means something for the
--    client that created the item, on the environment where it was created; use one ORCID
--    client per environment with this table (add client_id to the key if you use several).
CREATE TABLE IF NOT EXISTS orcid_put_codes (
	environment  text        NOT NULL,
	orcid        text        NOT NULL,
	item_type    text        NOT NULL,                -- work, employment, education, funding, ...
	local_key    text        NOT NULL,
	put_code     bigint,                              -- null: ORCID has no item for it (forgotten)
	content_hash text,                                -- hash of what was last sent (Sync Diff)
	group_id     text,                                -- peer reviews only
	status       text,                                -- created, updated, existing, recovered, ...
	written_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (environment, orcid, item_type, local_key)
);
CREATE UNIQUE INDEX IF NOT EXISTS orcid_put_codes_put_code
	ON orcid_put_codes (environment, orcid, item_type, put_code) WHERE put_code IS NOT NULL;
-- 3a. The do-not-send ledger: 'researcher-deleted' when the researcher deleted our item from
--     their record (Sync Diff, Put Code Gone: Keep Deleted). Such an item is never written
--     again until a staff member sets the state back to 'active' (the history form, template 15).
ALTER TABLE orcid_put_codes ADD COLUMN IF NOT EXISTS sync_state text NOT NULL DEFAULT 'active';
ALTER TABLE orcid_put_codes ADD COLUMN IF NOT EXISTS state_changed_at timestamptz;
ALTER TABLE orcid_put_codes ADD COLUMN IF NOT EXISTS state_changed_by text;  -- 'sync' or the staff member

-- 3b. Item types a researcher does not want sent ("don't send my peer reviews"): written by the
--     manage-my-connection page or a staff member; Sync Diff honours them (Opted-Out Item
--     Types). item_type uses Write Item's names: work, funding, employment, peer-review, ...
CREATE TABLE IF NOT EXISTS orcid_opt_outs (
	orcid      text        NOT NULL,
	item_type  text        NOT NULL,
	chosen_by  text,                                  -- 'researcher' or the staff member
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (orcid, item_type)
);

-- 3c. What every sync decided about every item, one row per decision (templates 04, 10, 12, 13);
--     the history form (template 15) shows one researcher's rows. execution is n8n's execution
--     id, the same as in the API log (orcid_api_log / the orcid_api_log Data table).
CREATE TABLE IF NOT EXISTS orcid_sync_log (
	id               bigserial   PRIMARY KEY,
	time             timestamptz NOT NULL DEFAULT now(),
	workflow         text,
	execution        text,
	environment      text,
	orcid            text        NOT NULL,
	local_key        text,
	item_type        text,
	action           text        NOT NULL,            -- create, update, delete, unchanged, do-not-send, conflict, error, ...
	reason           text,                            -- new, changed, researcher-deleted, held-by-other-source, ...
	put_code_before  bigint,
	put_code_after   bigint,
	orcid_error_code text,
	message          text
);
CREATE INDEX IF NOT EXISTS orcid_sync_log_orcid ON orcid_sync_log (orcid, time);
CREATE INDEX IF NOT EXISTS orcid_sync_log_execution ON orcid_sync_log (execution);

-- 4. Items found on ORCID that you do not have (Sync Diff "Remote Only", templates 04 and 08).
CREATE TABLE IF NOT EXISTS orcid_collected_items (
	environment      text        NOT NULL,
	orcid            text        NOT NULL,
	item_type        text        NOT NULL,
	put_code         bigint      NOT NULL,
	title            text,
	source_name      text,
	source_client_id text,
	summary          jsonb       NOT NULL,             -- ORCID's summary of the item
	collected_at     timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (environment, orcid, item_type, put_code)
);

-- 5. What needs a person's attention: conflicts, refused writes, unreadable records.
CREATE TABLE IF NOT EXISTS orcid_sync_issues (
	id          bigserial   PRIMARY KEY,
	time        timestamptz NOT NULL DEFAULT now(),
	workflow    text,
	orcid       text,
	item_type   text,
	local_key   text,
	put_code    bigint,
	reason      text        NOT NULL,
	message     text
);

-- 6. Invitations to connect (template 09): add a row for everyone you want to invite.
CREATE TABLE IF NOT EXISTS orcid_invitations (
	reference      text PRIMARY KEY,                  -- your user key (comes back in the token record)
	email          text,
	given_names    text,
	family_names   text,
	orcid          text,                              -- known (unauthenticated) iD, for ORCID inbox requests
	channel        text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'orcid-inbox')),
	invited_at     timestamptz,
	reminded_at    timestamptz,
	start_link_expires_at timestamptz,
	permission_put_code   bigint,                     -- ORCID inbox notification put code
	status         text NOT NULL DEFAULT 'pending'    -- pending, invited, reminded, opted-out, failed
);

-- 7. The API log (the Postgres counterpart of the orcid_api_log Data table, for logs that
--    must last years): one redacted row per ORCID call, from the nodes' Traffic outputs.
CREATE TABLE IF NOT EXISTS orcid_api_log (
	id               bigserial   PRIMARY KEY,
	time             timestamptz NOT NULL,
	workflow         text,
	execution        text,
	node             text,
	item_index       integer,
	method           text        NOT NULL,
	url              text        NOT NULL,
	status           integer,
	duration_ms      integer,
	retries          integer,
	orcid_error_code text,
	error            text,
	request_body     text,
	response_body    text
);
CREATE INDEX IF NOT EXISTS orcid_api_log_time ON orcid_api_log (time);

-- 8. Your HR system's positions and degrees (template 12): stands for your own HR table or view.
--    One row per position; set end_date when someone leaves; delete the row to remove the item
--    from ORCID. Employment and education need the organisation's city and country (ORCID
--    error 9060); ror_id is the organisation's ROR id (https://ror.org/...).
CREATE TABLE IF NOT EXISTS hr_affiliations (
	local_key        text PRIMARY KEY,                -- your own key of the position
	orcid            text NOT NULL,                   -- the person's iD
	affiliation_type text NOT NULL DEFAULT 'employment'
		CHECK (affiliation_type IN ('employment', 'education')),
	organization     text NOT NULL,
	ror_id           text,
	city             text NOT NULL,
	region           text,
	country          text NOT NULL,                   -- ISO 3166-1 alpha-2, e.g. US
	department       text,
	role_title       text,                            -- job title, or degree for an education
	start_date       text,                            -- YYYY, YYYY-MM or YYYY-MM-DD
	end_date         text,
	url              text,
	updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS hr_affiliations_orcid ON hr_affiliations (orcid);

-- 9. Your grants system (template 13): stands for your own eRA tables. One row per grant, and one
--    per person on it with their role (ORCID's funding contributor roles: lead, co-lead,
--    supported-by, other-contribution). The funder's id is its Crossref Funder id
--    (funder_id_source FUNDREF, https://doi.org/10.13039/...) or its ROR id (ROR).
CREATE TABLE IF NOT EXISTS grants (
	grant_key        text PRIMARY KEY,                -- your own key of the grant
	title            text NOT NULL,
	funding_type     text NOT NULL DEFAULT 'grant'
		CHECK (funding_type IN ('grant', 'contract', 'award', 'salary-award')),
	funder           text NOT NULL,
	funder_id        text,
	funder_id_source text CHECK (funder_id_source IN ('FUNDREF', 'ROR')),
	funder_city      text NOT NULL,
	funder_region    text,
	funder_country   text NOT NULL,                   -- ISO 3166-1 alpha-2
	grant_number     text,
	grant_url        text,
	amount           numeric(14, 2),
	currency         text,                            -- ISO 4217, e.g. USD
	start_date       text,                            -- YYYY, YYYY-MM or YYYY-MM-DD
	end_date         text,
	updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS grant_people (
	grant_key text NOT NULL REFERENCES grants (grant_key) ON DELETE CASCADE,
	orcid     text NOT NULL,
	name      text,
	role      text NOT NULL DEFAULT 'lead'
		CHECK (role IN ('lead', 'co-lead', 'supported-by', 'other-contribution')),
	PRIMARY KEY (grant_key, orcid)
);
CREATE INDEX IF NOT EXISTS grant_people_orcid ON grant_people (orcid);

-- 10. Your staff directory (template 14): the profile page and, where you issue one, the
--     institutional identifier that go on the researcher's ORCID record (needs /person/update).
--     Set left_on when someone leaves: the items are then deleted from their record.
CREATE TABLE IF NOT EXISTS staff_profiles (
	orcid            text PRIMARY KEY,                -- the person's iD
	profile_url      text,                            -- https://www.example.edu/people/...
	url_name         text DEFAULT 'Profile page',     -- the link's name on the record
	identifier_type  text,                            -- e.g. Example University staff ID
	identifier_value text,
	identifier_url   text,
	left_on          date,
	updated_at       timestamptz NOT NULL DEFAULT now()
);
