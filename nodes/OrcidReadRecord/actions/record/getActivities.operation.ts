import { documentOperation } from './common';

/** Reads the activities summary (GET /{orcid}/activities) for every input item. */
export const { description, execute } = documentOperation('activities', '/activities');
