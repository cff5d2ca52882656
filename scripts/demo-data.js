/**
 * What the demo sets up beside n8n so that every template runs without a step by hand: a
 * PostgreSQL database of its own with workflows-templates/schema.sql applied and sample rows,
 * sample upload files for template 10, and the staff login of the forms.
 *
 * PostgreSQL: DEMO_POSTGRES (a postgresql:// URL of a server and a user that may create
 * databases; default postgresql://postgres@127.0.0.1:5432). The database is named after the demo
 * folder, so two demo folders never share one; DEMO_FRESH=1 drops it with the folder.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..');
const SCHEMA_SQL = path.join(REPO_ROOT, 'workflows-templates', 'schema.sql');
// HR positions, a grant and a staff profile (templates 12, 13, 14), idempotent
const SAMPLE_DATA_SQL = path.join(REPO_ROOT, 'workflows-templates', 'sample-data.sql');

/** The emulator's seeded researchers (test/emulator/README.md). */
const RESEARCHERS = {
	josiah: { orcid: '0000-0002-1825-0097', name: 'Josiah Carberry' },
	laure: { orcid: '0000-0001-5109-3700', name: 'Laure Haak' },
	sofia: { orcid: '0000-0002-1694-233X', name: 'Sofia Garcia' },
};

/** Your system's works, a few per seeded researcher (DOIs under the 10.5555 test prefix). */
const PUBLICATIONS = [
	[
		'demo-pub-1',
		'josiah',
		'Psychoceramics: the study of cracked pots',
		'10.5555/demo.1',
		'Journal of Psychoceramics',
		'2011-06',
	],
	[
		'demo-pub-2',
		'josiah',
		'A history of the Brown University lemur',
		'10.5555/demo.2',
		'Annals of Improbable Research',
		'2018',
	],
	[
		'demo-pub-3',
		'laure',
		'Persistent identifiers for researchers in practice',
		'10.5555/demo.3',
		'Learned Publishing',
		'2014-04-01',
	],
	[
		'demo-pub-4',
		'laure',
		'Connecting research information systems',
		'10.5555/demo.4',
		'Information Services & Use',
		'2016',
	],
	[
		'demo-pub-5',
		'sofia',
		'Open metadata for funded research',
		'10.5555/demo.5',
		'Research Evaluation',
		'2021-11',
	],
	[
		'demo-pub-6',
		'sofia',
		'Affiliation data quality in repositories',
		'10.5555/demo.6',
		'Scientometrics',
		'2023-02-15',
	],
];

/** People to invite (template 09): not on the emulator yet, so they register a new iD. */
const INVITATIONS = [
	['demo-invite-1', 'ada.lovelace@example.edu', 'Ada', 'Lovelace'],
	['demo-invite-2', 'alan.turing@example.edu', 'Alan', 'Turing'],
];

/**
 * Template 10's sample uploads, for the researcher of the demo's start link (Josiah Carberry):
 * more works, and positions from an HR system as ORCID employments.
 */
const SAMPLE_FILES = {
	'works.csv': [
		'orcid,title,type,doi,journal,publication_date,key',
		`${RESEARCHERS.josiah.orcid},Cracks in theory: a psychoceramic survey,journal-article,10.5555/demo.11,Journal of Psychoceramics,2020-03,demo-upload-1`,
		`${RESEARCHERS.josiah.orcid},Pots and their discontents,book,10.5555/demo.12,,2019,demo-upload-2`,
	],
	'employments.csv': [
		'orcid,organization,city,country,department,role,start_date,end_date,ror,key',
		`${RESEARCHERS.josiah.orcid},Brown University,Providence,US,Psychoceramics,Professor,2001-09,,https://ror.org/05gq02987,demo-hr-1`,
		`${RESEARCHERS.josiah.orcid},Brown University,Providence,US,Psychoceramics,Lecturer,1995-09-01,2001-08-31,https://ror.org/05gq02987,demo-hr-2`,
	],
};

/** The server to use: DEMO_POSTGRES, else the local one as the machine's services set it up. */
function postgresServer(env = process.env) {
	const url = new URL(env.DEMO_POSTGRES || 'postgresql://postgres@127.0.0.1:5432');
	return {
		host: url.hostname,
		port: Number(url.port || 5432),
		user: decodeURIComponent(url.username || 'postgres'),
		password: decodeURIComponent(url.password || ''),
	};
}

/** The demo folder's own database name. */
function databaseName(demoDir) {
	const hash = crypto.createHash('sha256').update(path.resolve(demoDir)).digest('hex');
	return `orcid_demo_${hash.slice(0, 10)}`;
}

async function connect(config) {
	const { Client } = require('pg');
	const client = new Client({ ...config, connectionTimeoutMillis: 3000 });
	await client.connect();
	return client;
}

/**
 * The demo's database: created if missing (dropped first when `fresh`), schema.sql applied (it
 * is idempotent), sample rows added where missing. Returns the connection settings, or
 * { error } when no PostgreSQL answers.
 */
async function prepareDatabase(demoDir, { fresh = false, env = process.env } = {}) {
	const server = postgresServer(env);
	const database = databaseName(demoDir);
	let admin;
	try {
		admin = await connect({ ...server, database: 'postgres' });
	} catch (e) {
		return { error: `${server.user}@${server.host}:${server.port}: ${e.message}` };
	}
	try {
		if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
		const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
		if (!exists.rowCount) await admin.query(`CREATE DATABASE "${database}"`);
	} finally {
		await admin.end();
	}
	const db = await connect({ ...server, database });
	try {
		await db.query(fs.readFileSync(SCHEMA_SQL, 'utf8'));
		await db.query(fs.readFileSync(SAMPLE_DATA_SQL, 'utf8'));
		for (const [key, who, title, doi, journal, date] of PUBLICATIONS) {
			await db.query(
				`INSERT INTO publications (local_key, orcid, title, work_type, doi, journal, publication_date)
				 VALUES ($1, $2, $3, 'journal-article', $4, $5, $6) ON CONFLICT (local_key) DO NOTHING`,
				[key, RESEARCHERS[who].orcid, title, doi, journal, date],
			);
		}
		// template 14: Josiah's staff page and staff ID, to go on his record
		await db.query(
			`INSERT INTO staff_profiles (orcid, profile_url, url_name, identifier_type, identifier_value, identifier_url)
			 VALUES ($1, 'https://www.example.edu/people/josiah-carberry', 'Example University profile',
			         'Example University staff ID', 'EU-4711', 'https://www.example.edu/staff/EU-4711')
			 ON CONFLICT (orcid) DO NOTHING`,
			[RESEARCHERS.josiah.orcid],
		);
		for (const [reference, email, given, family] of INVITATIONS) {
			await db.query(
				`INSERT INTO orcid_invitations (reference, email, given_names, family_names, channel)
				 VALUES ($1, $2, $3, $4, 'email') ON CONFLICT (reference) DO NOTHING`,
				[reference, email, given, family],
			);
		}
	} finally {
		await db.end();
	}
	return { ...server, database };
}

/** Drops the demo folder's database (for tests that start the demo in a temporary folder). */
async function dropDatabase(demoDir, { env = process.env } = {}) {
	const admin = await connect({ ...postgresServer(env), database: 'postgres' });
	try {
		await admin.query(`DROP DATABASE IF EXISTS "${databaseName(demoDir)}" WITH (FORCE)`);
	} finally {
		await admin.end();
	}
}

/** Writes template 10's sample uploads into <demoDir>/samples; returns that folder. */
function writeSampleFiles(demoDir) {
	const dir = path.join(demoDir, 'samples');
	fs.mkdirSync(dir, { recursive: true });
	for (const [name, lines] of Object.entries(SAMPLE_FILES))
		fs.writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
	return dir;
}

/** The staff login of the forms (Basic Auth): made once per demo folder, then kept. */
function staffLogin(demoDir) {
	const file = path.join(demoDir, 'staff-login.json');
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		const login = { user: 'orcid-staff', password: crypto.randomBytes(9).toString('base64url') };
		fs.writeFileSync(file, JSON.stringify(login), { mode: 0o600 });
		return login;
	}
}

module.exports = {
	RESEARCHERS,
	PUBLICATIONS,
	INVITATIONS,
	SAMPLE_FILES,
	postgresServer,
	databaseName,
	prepareDatabase,
	dropDatabase,
	writeSampleFiles,
	staffLogin,
};
