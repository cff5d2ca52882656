/** ORCID v3.0 JSON model: item types, enums, builders, the validator, simplify. Pure, no n8n imports. */
export * from './errors';
export * from './enums';
export * from './itemTypes';
export * from './json';
export * from './dates';
export * from './common';
export * from './validate';
export * from './work';
export * from './funding';
export * from './affiliation';
export * from './peerReview';
export * from './researchResource';
export * from './personItems';
export * from './build';
export * from './groups';
export * from './simplify';
