-- Sample rows for trying the templates (apply after schema.sql); every statement is idempotent.
-- The iD is Josiah Carberry's, a test researcher of ORCID's sandbox (and of the emulator that
-- `make demo` starts): connect it through template 01 first.

-- Template 12: two positions and a degree from the HR system.
INSERT INTO hr_affiliations (local_key, orcid, affiliation_type, organization, ror_id, city, region, country, department, role_title, start_date, end_date)
VALUES
	('hr-1001', '0000-0002-1825-0097', 'employment', 'Wesleyan University', 'https://ror.org/05h7xva58', 'Middletown', 'CT', 'US', 'Psychoceramics', 'Professor', '1995-09', NULL),
	('hr-1002', '0000-0002-1825-0097', 'employment', 'Brown University', 'https://ror.org/05gq02987', 'Providence', 'RI', 'US', 'Ceramics', 'Visiting Fellow', '1990-01', '1994-12'),
	('hr-1003', '0000-0002-1825-0097', 'education', 'Brown University', 'https://ror.org/05gq02987', 'Providence', 'RI', 'US', 'Psychology', 'PhD', '1985-09', '1989-06')
ON CONFLICT (local_key) DO NOTHING;

-- Template 13: a grant with its lead and a co-lead.
INSERT INTO grants (grant_key, title, funding_type, funder, funder_id, funder_id_source, funder_city, funder_region, funder_country, grant_number, grant_url, amount, currency, start_date, end_date)
VALUES
	('gr-2001', 'Psychoceramics of cracked pots', 'grant', 'National Science Foundation', 'https://doi.org/10.13039/100000001', 'FUNDREF', 'Alexandria', 'VA', 'US', 'NSF-1234567', 'https://www.nsf.gov/awardsearch/showAward?AWD_ID=1234567', 250000, 'USD', '2024-01', '2026-12')
ON CONFLICT (grant_key) DO NOTHING;
INSERT INTO grant_people (grant_key, orcid, name, role)
VALUES
	('gr-2001', '0000-0002-1825-0097', 'Josiah Carberry', 'lead'),
	('gr-2001', '0000-0001-5109-3700', 'Laure Haak', 'co-lead')
ON CONFLICT (grant_key, orcid) DO NOTHING;
