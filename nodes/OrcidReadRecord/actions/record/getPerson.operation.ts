import { documentOperation } from './common';

/** Reads the person section (GET /{orcid}/person) for every input item. */
export const { description, execute } = documentOperation('person', '/person');
