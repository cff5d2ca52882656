'use strict';
/**
 * Where a benchmark run's wall time went, from its saved execution (`--timeline` in B1): when
 * n8n started the execution, each node's start and own time, its first ORCID call and the time
 * its calls lost in gaps beyond the even pace (from its Traffic output), what n8n saved of each
 * output, and when the webhook answered.
 */

/**
 * Where a run's wall time went, ms from the webhook POST: when n8n started the execution, each
 * node's start and own time, when the execution stopped, and when the webhook answered.
 */
function timelineOf(execution, postedAt, answeredAt, rate) {
	const at = (iso) => (iso ? Date.parse(iso) - postedAt : null);
	const nodes = Object.entries(execution.data?.resultData?.runData ?? {})
		.flatMap(([name, tasks]) =>
			tasks.map((t) => ({
				name,
				startMs: t.startTime - postedAt,
				ownMs: t.executionTime,
				// the first ORCID call, from the node's Traffic output (its last): when its requests began
				firstCallMs: firstCallOf(t) - postedAt,
				paceLoss: paceLossOf(t, rate),
				// per output, what n8n saved of it
				savedMB: (t.data?.main ?? []).map(
					(o) => Buffer.byteLength(JSON.stringify(o ?? [])) / 2 ** 20,
				),
			})),
		)
		.sort((a, b) => a.startMs - b.startMs);
	return {
		startedMs: at(execution.startedAt),
		nodes,
		stoppedMs: at(execution.stoppedAt),
		answeredMs: answeredAt - postedAt,
	};
}

/** The send times (ms) of a node run's ORCID calls, from its Traffic output (its last), sorted. */
function sendTimesOf(task) {
	const outputs = task.data?.main ?? [];
	const traffic = outputs[outputs.length - 1] ?? [];
	return traffic
		.filter((i) => typeof i.json?.time === 'string' && typeof i.json?.method === 'string')
		.map((i) => Date.parse(i.json.time))
		.sort((a, b) => a - b);
}

/** The earliest call's send time, NaN when the node made no ORCID call. */
function firstCallOf(task) {
	const times = sendTimesOf(task);
	return times.length ? times[0] : NaN;
}

/**
 * How far a node's calls fell behind the even pace of `rate`: the time lost in gaps longer than
 * 1000/rate + 2 ms between consecutive send times (ms), and how many such gaps.
 */
function paceLossOf(task, rate) {
	const times = sendTimesOf(task);
	const gap = 1000 / rate;
	let lostMs = 0;
	let gaps = 0;
	for (let i = 1; i < times.length; i++) {
		const extra = times[i] - times[i - 1] - gap;
		if (extra > 2) {
			lostMs += extra;
			gaps++;
		}
	}
	return { lostMs: Math.round(lostMs), gaps };
}

/** The timeline as one line per step, for --timeline. */
function formatTimeline(t) {
	const ms = (x) => (x === null ? '?' : `${Math.round(x)}`);
	return [
		`  started +${ms(t.startedMs)} ms`,
		...t.nodes.map(
			(n) =>
				`  +${ms(n.startMs)} ms ${n.name}: ${ms(n.ownMs)} ms${Number.isNaN(n.firstCallMs) ? '' : `, first ORCID call +${ms(n.firstCallMs)} ms, ${n.paceLoss.lostMs} ms lost in ${n.paceLoss.gaps} gaps beyond the pace`}, saved MB per output ${n.savedMB.map((x) => x.toFixed(1)).join('/')}`,
		),
		`  stopped +${ms(t.stoppedMs)} ms, answered +${ms(t.answeredMs)} ms`,
	].join('\n');
}

module.exports = { formatTimeline, timelineOf };
