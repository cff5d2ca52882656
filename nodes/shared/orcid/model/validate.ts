/**
 * The ONE set of rules an item must pass before it is sent to ORCID. Builders build JSON
 * and run it through here (and translate the JSON paths back to editor field names); raw
 * JSON from an expression goes through the same function. The rules follow ORCID's own
 * validation (ActivityValidator, ExternalIDValidator, error codes 9022-9061) and the v3.0
 * XSDs (required elements, lengths, the group-id pattern).
 */
import { ModelValidationError, ValidationIssue } from './errors';
import { ItemType, itemTypeInfo } from './itemTypes';
import { JsonObject } from './json';
import { checkAffiliation } from './checks/affiliation';
import { Checker, mustBeObject, pathToString } from './checks/checker';
import { checkFunding } from './checks/funding';
import { checkCommon, checkKnownKeys, type ValidateOptions } from './checks/keys';
import { checkPeerReview } from './checks/peerReview';
import { checkPersonItem } from './checks/person';
import { checkResearchResource } from './checks/researchResource';
import { checkWork } from './checks/work';

export { pathToString, type JsonPath } from './checks/checker';
export type { ValidateOptions } from './checks/keys';

/**
 * Every problem in an item's ORCID v3.0 JSON, with JSON paths ('external-ids.external-id[0].external-id-type').
 * Empty when ORCID should accept it. Does not throw (except for an unknown item type).
 */
export function findItemProblems(
	itemType: ItemType,
	json: unknown,
	options: ValidateOptions = {},
): ValidationIssue[] {
	const info = itemTypeInfo(itemType);
	const c = new Checker();
	if (mustBeObject(c, info.itemType, json)) {
		checkKnownKeys(c, info.itemType, json);
		checkCommon(c, json, options);
		switch (info.kind) {
			case 'work':
				checkWork(c, json);
				break;
			case 'funding':
				checkFunding(c, json);
				break;
			case 'affiliation':
				checkAffiliation(c, info.itemType, json);
				break;
			case 'peer-review':
				checkPeerReview(c, json);
				break;
			case 'research-resource':
				checkResearchResource(c, json);
				break;
			case 'person':
				checkPersonItem(c, info.itemType, json);
				break;
		}
	}
	return c.issues.map((i) => ({
		field: pathToString(i.path) || '(item)',
		problem: i.problem,
		value: i.value,
	}));
}

/** Raw-JSON mode: throws ModelValidationError naming the JSON path of the first problem. */
export function validateRawItem(
	itemType: ItemType,
	json: unknown,
	options: ValidateOptions = {},
): JsonObject {
	const issues = findItemProblems(itemType, json, options);
	if (issues.length) throw ModelValidationError.fromIssues(issues);
	return json as JsonObject;
}

// ---- mapping JSON paths back to editor fields (used by the builders) ----

/** [JSON path pattern, editor field]; '[]' matches any index and is filled in order. */
export type FieldRule = [string, string];

function normalise(path: string): { key: string; indices: string[] } {
	const indices: string[] = [];
	const key = path.replace(/\[(\d+)\]/g, (_m, n: string) => {
		indices.push(n);
		return '[]';
	});
	return { key, indices };
}

/** Maps 'external-ids.external-id[2].external-id-type' to 'externalIds[2].type' by the longest matching rule. */
export function mapField(jsonPath: string, rules: FieldRule[]): string {
	const { key, indices } = normalise(jsonPath);
	let best: FieldRule | undefined;
	for (const rule of rules) {
		const pattern = rule[0];
		const matches =
			key === pattern ||
			key.startsWith(`${pattern}.`) ||
			key.startsWith(`${pattern}[`) ||
			pattern === '';
		if (matches && (!best || pattern.length > best[0].length)) best = rule;
	}
	if (!best) return jsonPath;
	let i = 0;
	return best[1].replace(/\[\]/g, () => `[${indices[i++] ?? ''}]`);
}

/**
 * Builders: validate the built JSON and report problems under the editor's field names.
 * `remap` may rename a mapped field (a builder that adds identifiers of its own).
 */
export function assertValidBuilt(
	itemType: ItemType,
	json: JsonObject,
	rules: FieldRule[],
	remap: (field: string) => string = (f) => f,
): JsonObject {
	const issues = findItemProblems(itemType, json);
	if (issues.length) {
		throw ModelValidationError.fromIssues(
			issues.map((i) => ({
				...i,
				field: remap(mapField(i.field === '(item)' ? '' : i.field, rules) || '(item)'),
			})),
		);
	}
	return json;
}
