/**
 * The ORCID side of a sync: every activity summary of one researcher, flattened out of ORCID's
 * groups. Accepts what Read Record or a plain GET returns: a full record, the
 * /activities summary, one section (/works, /employments, ...), a list of summaries, or a list
 * of any of these. No n8n imports, no I/O.
 */
import { putCodeOf, sourceClientIdOf } from '../shared/orcid/identity';
import {
	ACTIVITY_TYPES,
	parseActivityType,
	type ActivityType,
} from '../shared/orcid/model/itemTypes';
import { flattenSection } from '../shared/orcid/model/sections';

type Json = Record<string, unknown>;

export interface RemoteItem {
	itemType: ActivityType;
	putCode: number;
	/** `source.source-client-id.path`; null when the researcher (or another user) is the source. */
	sourceClientId: string | null;
	/** The summary as ORCID returned it. */
	summary: Json;
}

export class RemoteShapeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RemoteShapeError';
	}
}

function obj(v: unknown): Json | null {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

/** `/0000-0002-7319-2192/work/178602` -> `work`. */
function itemTypeFromPath(path: unknown): ActivityType | null {
	if (typeof path !== 'string') return null;
	const parts = path.split('/');
	return parts.length >= 4 ? parseActivityType(parts[parts.length - 2]) : null;
}

const SUMMARY_KEYS = ACTIVITY_TYPES.map((t) => [`${t}-summary`, t] as const);
const SUMMARY_KEY = Object.fromEntries(SUMMARY_KEYS.map(([k, t]) => [t, k])) as Record<
	ActivityType,
	string
>;
const SECTION_KEYS = ACTIVITY_TYPES.map((t) => [`${t}s`, t] as const);

class Collector {
	readonly items: RemoteItem[] = [];
	/** Whether anything shaped like ORCID's activities was seen. */
	recognized = false;
	/** Put codes collected, per item type: a repeated summary is kept once. */
	private readonly seen = new Map<ActivityType, Set<number>>();

	summary(s: Json, hint: ActivityType | null): void {
		if (s['put-code'] !== undefined) this.recognized = true;
		const putCode = putCodeOf(s['put-code']);
		if (putCode === null) return;
		const itemType = hint ?? itemTypeFromPath(s.path) ?? parseActivityType(s.itemType);
		if (itemType === null) {
			throw new RemoteShapeError(
				`An ORCID summary with put code ${putCode} has no item type (no "path" and no "itemType")`,
			);
		}
		let codes = this.seen.get(itemType);
		if (codes === undefined) {
			codes = new Set();
			this.seen.set(itemType, codes);
		}
		if (codes.has(putCode)) return;
		codes.add(putCode);
		this.items.push({
			itemType,
			putCode,
			sourceClientId: sourceClientIdOf(s),
			summary: s,
		});
	}

	summaries(v: unknown, hint: ActivityType | null): void {
		if (Array.isArray(v)) {
			for (let i = 0; i < v.length; i++) {
				const s = obj(v[i]);
				if (s) this.summary(s, hint);
			}
		} else {
			const s = obj(v);
			if (s) this.summary(s, hint);
		}
	}

	/** A group, an affiliation group, a peer-review group (three levels) or a wrapper. */
	group(g: Json, hint: ActivityType | null): void {
		if (hint !== null) {
			// the common case: a section's group holds that type's summaries
			const v = g[SUMMARY_KEY[hint]];
			if (v !== undefined && v !== null) {
				this.recognized = true;
				this.summaries(v, hint);
				return;
			}
		}
		let found = false;
		for (let i = 0; i < SUMMARY_KEYS.length; i++) {
			const [key, type] = SUMMARY_KEYS[i];
			const v = g[key];
			if (v !== undefined && v !== null) {
				this.recognized = true;
				this.summaries(v, type);
				found = true;
			}
		}
		const nested = g.summaries ?? g['peer-review-group'];
		if (Array.isArray(nested)) {
			for (let i = 0; i < nested.length; i++) {
				const n = obj(nested[i]);
				if (n) this.group(n, hint);
			}
			found = true;
		}
		if (!found && g['put-code'] !== undefined) this.summary(g, hint);
	}

	section(sec: Json, hint: ActivityType | null): void {
		this.recognized = true;
		const type = hint ?? itemTypeFromSectionPath(sec.path);
		if (type !== null) {
			for (const s of flattenSection(type, sec)) this.summary(s, type);
			return;
		}
		// a section of unknown type: its groups name their summaries' type
		const groups = sec.group ?? sec['affiliation-group'];
		if (Array.isArray(groups)) {
			for (let i = 0; i < groups.length; i++) {
				const g = obj(groups[i]);
				if (g) this.group(g, null);
			}
		}
	}

	any(v: unknown): void {
		if (Array.isArray(v)) {
			if (v.length === 0) this.recognized = true;
			for (let i = 0; i < v.length; i++) this.any(v[i]);
			return;
		}
		const o = obj(v);
		if (!o) return;
		const activities = obj(o['activities-summary']);
		if (activities) return this.activities(activities);
		let isActivities = false;
		for (let i = 0; i < SECTION_KEYS.length; i++) {
			if (obj(o[SECTION_KEYS[i][0]])) {
				isActivities = true;
				break;
			}
		}
		// an empty /activities answer may carry nothing but its path
		if (isActivities || (typeof o.path === 'string' && o.path.endsWith('/activities'))) {
			return this.activities(o);
		}
		if (Array.isArray(o.group) || Array.isArray(o['affiliation-group']))
			return this.section(o, null);
		this.group(o, parseActivityType(o.itemType));
	}

	activities(a: Json): void {
		this.recognized = true;
		for (let i = 0; i < SECTION_KEYS.length; i++) {
			const [key, type] = SECTION_KEYS[i];
			const sec = obj(a[key]);
			if (sec) this.section(sec, type);
		}
	}
}

/** `/0000-0002-7319-2192/works` -> `work`. */
function itemTypeFromSectionPath(path: unknown): ActivityType | null {
	if (typeof path !== 'string') return null;
	const last = path.slice(path.lastIndexOf('/') + 1);
	return parseActivityType(last);
}

/**
 * Every activity summary in `value`, one entry per put code and item type (ORCID lists a
 * summary once; a repeated one, e.g. from two overlapping reads, is kept once). With
 * `strict`, a value with nothing shaped like ORCID's activities is refused rather than read as
 * "nothing on ORCID" (which would make every stored put code look gone).
 */
export function flattenRemote(value: unknown, options: { strict?: boolean } = {}): RemoteItem[] {
	const c = new Collector();
	c.any(value);
	if (options.strict && !c.recognized) {
		const o = obj(Array.isArray(value) ? value[0] : value);
		const simplified =
			o !== null &&
			('entryType' in o ||
				'putCode' in o ||
				Array.isArray(o.works) ||
				Array.isArray(o.affiliations));
		throw new RemoteShapeError(
			simplified
				? 'this is Read Record\'s simplified output, which lacks the identifiers\' relationships: read with Output "Raw ORCID JSON" (activities or record)'
				: 'no ORCID activities, record, section or summaries found in it',
		);
	}
	return c.items;
}
