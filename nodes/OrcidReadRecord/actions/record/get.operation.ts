import { documentOperation } from './common';

/** Reads the whole record (GET /{orcid}/record) for every input item. */
export const { description, execute } = documentOperation('record', '/record');
