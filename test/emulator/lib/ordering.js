'use strict';
// The order ORCID lists works and affiliations in (/works, /activities, the affiliation
// sections), as ORCID-Source does it:
// - works: orcid-core/src/main/java/org/orcid/core/utils/v3/activities/WorkComparators.java and
//   orcid-core/.../v3/read_only/impl/WorkManagerReadOnlyImpl.java (processGroupedWorks): within a
//   group by display index, highest first, then created first; the groups by their first work:
//   publication date, most recent first, then title, then work type (its place in WorkType).
// - affiliations: orcid-core/.../v3/read_only/impl/AffiliationsManagerReadOnlyImpl.java sorts the
//   summaries by PojoUtil.createDateSortString (orcid-core/.../pojo/ajaxForm/PojoUtil.java),
//   newest first, groups them in that order, then sorts each group by display index
//   (GroupableActivityComparator, stable).

const { WORK_TYPES } = require('./model');

const val = (v) => (v && typeof v === 'object' ? v.value : v);
const empty = (v) => v === undefined || v === null || v === '';

/** Java's String.compareTo, descending (UTF-16 code units, as JS compares strings). */
const descending = (a, b) => (a < b ? 1 : a > b ? -1 : 0);

function displayIndex(item) {
	const n = Number(item.displayIndex ?? 0);
	return Number.isFinite(n) ? n : 0;
}

/** PojoUtil.createDateSortString(null, publication-date) */
function publicationSortString(data) {
	const d = data['publication-date'];
	if (!d || empty(val(d.year))) return '0-0-0';
	const month = empty(val(d.month)) ? '0' : val(d.month);
	const day = empty(val(d.day)) ? '0' : val(d.day);
	return `${val(d.year)}-${month}-${day}`;
}

function nullsLast(a, b, compare) {
	if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
	if (b === null || b === undefined) return -1;
	return compare(a, b);
}

const ascending = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** WorkComparators.ALL_EXCEPT_DISPLAY_INDEX between two works. */
function compareWorks(a, b) {
	const byDate = descending(publicationSortString(a.data), publicationSortString(b.data));
	if (byDate) return byDate;
	const title = (i) => {
		const t = i.data.title && i.data.title.title;
		return t ? val(t) : null;
	};
	const byTitle = nullsLast(title(a), title(b), ascending);
	if (byTitle) return byTitle;
	const type = (i) => (WORK_TYPES.includes(i.data.type) ? WORK_TYPES.indexOf(i.data.type) : null);
	return nullsLast(type(a), type(b), (x, y) => x - y);
}

/** WorkComparators.WORKS_WITHIN_GROUP */
function withinWorkGroup(a, b) {
	return displayIndex(b) - displayIndex(a) || a.created - b.created;
}

/** Work groups (arrays of items): each sorted within, then the groups by their first work. */
function orderWorkGroups(groups) {
	const sorted = groups.map((g) => [...g].sort(withinWorkGroup));
	return sorted.sort((g1, g2) => compareWorks(g1[0], g2[0]));
}

function datePart(d) {
	if (!d) return null;
	return {
		year: empty(val(d.year)) ? 'NaN' : val(d.year),
		month: empty(val(d.month)) ? '00' : val(d.month),
		day: empty(val(d.day)) ? '00' : val(d.day),
	};
}

/** PojoUtil.createDateSortStringForAffiliations */
function affiliationSortString(item) {
	const start = datePart(item.data['start-date']);
	const end = datePart(item.data['end-date']);
	if (!start && !end) {
		const c = new Date(item.created);
		// XMLGregorianCalendar's ints: month and day unpadded
		return `Z-${c.getUTCFullYear()}-${c.getUTCMonth() + 1}-${c.getUTCDate()}`;
	}
	if (!end) return `Y-${start.year}-${start.month}-${start.day}`;
	let s = `X-${end.year}-${end.month}-${end.day}`;
	if (start) s += `-${start.year}-${start.month}-${start.day}`;
	return s;
}

/** Affiliation summaries newest first, as ORCID sorts them before grouping. */
function orderAffiliations(items) {
	return [...items].sort((a, b) => descending(affiliationSortString(a), affiliationSortString(b)));
}

/** Within an affiliation group: display index, highest first; ties keep the date order. */
function orderAffiliationGroup(items) {
	return [...items].sort((a, b) => displayIndex(b) - displayIndex(a));
}

module.exports = {
	orderWorkGroups,
	orderAffiliations,
	orderAffiliationGroup,
	affiliationSortString,
	publicationSortString,
};
