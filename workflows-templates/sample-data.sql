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
