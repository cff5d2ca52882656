'use strict';
/**
 * The benchmark report: a Markdown table of every target and key figure, and an SVG chart
 * drawn by hand (no chart library): one row per target against its limit, then each
 * benchmark's own comparison (`result.chart`) as grouped bars.
 */

function fmt(x) {
	if (x === null || x === undefined) return '–';
	if (typeof x === 'boolean') return x ? 'yes' : 'no';
	if (typeof x !== 'number') return String(x);
	if (!Number.isFinite(x)) return String(x);
	const a = Math.abs(x);
	if (a === 0) return '0';
	if (Number.isInteger(x)) return x.toLocaleString('en-US');
	if (a >= 1000) return Math.round(x).toLocaleString('en-US');
	if (a >= 100) return x.toFixed(0);
	if (a >= 10) return x.toFixed(1);
	if (a >= 1) return x.toFixed(2);
	if (a >= 0.01) return x.toFixed(3);
	return x.toPrecision(2);
}

/**
 * A target's value as shown beside its limit: with more digits when the usual rounding would
 * show the limit itself (1.2004 against <= 1.2 reads "1.2004", not "1.20 <= 1.20 FAIL").
 */
function fmtValue(value, limit) {
	const shown = fmt(value);
	if (typeof value !== 'number' || typeof limit !== 'number' || value === limit) return shown;
	if (shown !== fmt(limit)) return shown;
	for (let digits = 3; digits <= 6; digits++) {
		const more = value.toFixed(digits);
		if (Number(more) !== limit) return more;
	}
	return String(value);
}

function esc(s) {
	return String(s)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

function mdCell(s) {
	return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Numbers of an object, flattened one level (`a.b`), for the generic figures table. */
function flatNumbers(obj, prefix = '', depth = 0) {
	const out = [];
	if (!obj || typeof obj !== 'object') return out;
	for (const [k, v] of Object.entries(obj)) {
		const key = prefix ? `${prefix}.${k}` : k;
		if (typeof v === 'number') out.push([key, v]);
		else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) {
			out.push(...flatNumbers(v, key, depth + 1));
		}
	}
	return out;
}

/** Arrays of flat objects in the metrics (e.g. one row per size) as tables of their scalars. */
function arrayTables(metrics) {
	const lines = [];
	for (const [name, v] of Object.entries(metrics ?? {})) {
		if (!Array.isArray(v) || !v.length || !v.every((x) => x && typeof x === 'object')) continue;
		const cols = Object.keys(v[0]).filter((k) =>
			v.every((x) => x[k] === undefined || ['number', 'string', 'boolean'].includes(typeof x[k])),
		);
		if (!cols.length) continue;
		lines.push('', `${name}:`, '');
		lines.push(`| ${cols.map(mdCell).join(' | ')} |`);
		lines.push(`|${cols.map(() => '---:').join('|')}|`);
		for (const x of v) lines.push(`| ${cols.map((k) => mdCell(fmt(x[k]))).join(' | ')} |`);
	}
	return lines;
}

function statusOf(entry) {
	if (entry.status !== 'ok') return entry.status.toUpperCase();
	const targets = entry.result.targets ?? [];
	return targets.every((t) => t.pass) ? 'PASS' : 'FAIL';
}

/** The run line, the chart and the table of targets (also put into bench/README.md). */
function summary(report, imagePath = 'latest.svg') {
	const lines = [];
	const m = report.machine;
	lines.push(
		`Run ${report.finishedAt}${report.quick ? ' (**--quick**, small sizes)' : ''} on ${m.cpus} × ${m.cpuModel}, ` +
			`${m.memoryGiB} GiB, Node ${m.node}, n8n ${report.n8nVersion}, commit ${report.commit ?? '?'}; load average ${m.loadAverageStart} at the start, ` +
			`${m.loadAverageEnd} at the end. Every figure is a median over runs; every ratio is taken within one run.`,
	);
	lines.push('');
	lines.push(`![benchmark chart](${imagePath})`);
	lines.push('');
	lines.push('| Benchmark | Target | Value | Limit | Result |');
	lines.push('|---|---|---:|---:|:---:|');
	for (const b of report.benchmarks) {
		if (b.status !== 'ok') {
			lines.push(
				`| ${b.id} ${mdCell(b.title)} | ${mdCell(b.error ?? '')} | – | – | ${b.status.toUpperCase()} |`,
			);
			continue;
		}
		for (const t of b.result.targets ?? []) {
			lines.push(
				`| ${b.id} | ${mdCell(t.name)} | ${fmtValue(t.value, t.limit)}${t.unit ? ` ${t.unit}` : ''} | ${t.op} ${fmt(t.limit)} | ${t.pass ? 'PASS' : '**FAIL**'} |`,
			);
		}
	}
	return lines;
}

function markdown(report) {
	const lines = ['# Benchmark results', '', ...summary(report)];
	for (const b of report.benchmarks) {
		lines.push('');
		const title = b.result?.title ?? b.title;
		lines.push(`## ${title.startsWith(b.id) ? title : `${b.id}: ${title}`} — ${statusOf(b)}`);
		lines.push('');
		if (b.status !== 'ok') {
			lines.push(`\`${b.script}\`: ${b.error}`);
			continue;
		}
		const r = b.result;
		if (r.config) {
			lines.push(
				`Setup: ${Object.entries(r.config)
					.map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
					.join(', ')}; ${fmt(b.durationMs / 1000)} s in all.`,
			);
			lines.push('');
		}
		if (r.table) {
			lines.push(`| ${r.table.columns.map(mdCell).join(' | ')} |`);
			lines.push(`|${r.table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
			for (const row of r.table.rows)
				lines.push(`| ${row.map((x) => mdCell(fmt(x))).join(' | ')} |`);
		} else {
			lines.push('| Figure | Value |');
			lines.push('|---|---:|');
			for (const [k, v] of flatNumbers(r.metrics)) lines.push(`| ${mdCell(k)} | ${fmt(v)} |`);
		}
		lines.push(...arrayTables(r.metrics));
		const notes = [...(r.notes ?? []), ...(b.runNotes ?? [])];
		if (notes.length) lines.push('');
		for (const n of notes) lines.push(`- ${n}`);
	}
	lines.push('');
	return lines.join('\n');
}

// ---- SVG ------------------------------------------------------------------------------------

const W = 1000;
const LEFT = 360;
const RIGHT = 190;
const BAR_W = W - LEFT - RIGHT;
const GREEN = '#2e7d32';
const RED = '#c62828';
const GREY = '#9e9e9e';
const PALETTE = ['#1565c0', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457'];

function text(x, y, s, attrs = '') {
	return `<text x="${x}" y="${y}" ${attrs}>${esc(s)}</text>`;
}

function truncate(s, n) {
	return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Targets as bars of value / limit on a log scale from 1/10 to 10× the limit (the limit line in
 * the middle); `== 0` checks as a dot.
 */
function targetRows(report, y0) {
	const parts = [];
	let y = y0;
	parts.push(
		text(
			16,
			y,
			'Targets: value ÷ limit, log scale; the dashed line is the limit, the shaded side passes',
			'class="h"',
		),
	);
	y += 14;
	const xOf = (ratio) => {
		const r = Math.min(10, Math.max(0.1, ratio));
		return LEFT + ((Math.log10(r) + 1) / 2) * BAR_W;
	};
	const top = y;
	for (const b of report.benchmarks) {
		const targets =
			b.status === 'ok'
				? (b.result.targets ?? [])
				: [{ name: `${b.status}: ${b.error ?? ''}`, missing: true }];
		for (const t of targets) {
			y += 22;
			const label = truncate(`${b.id}  ${t.name}`, 52);
			parts.push(text(16, y, label, 'class="l"'));
			if (t.missing) {
				parts.push(text(LEFT, y, b.status.toUpperCase(), `class="v" fill="${GREY}"`));
				continue;
			}
			const color = t.pass ? GREEN : RED;
			// the passing side of the limit
			if (t.op === '<=' || t.op === '>=') {
				const xs = t.op === '<=' ? LEFT : xOf(1);
				parts.push(
					`<rect x="${xs}" y="${y - 15}" width="${BAR_W / 2}" height="18" fill="${GREEN}" opacity="0.08"/>`,
				);
			}
			const valueText = `${fmtValue(t.value, t.limit)} ${t.op} ${fmt(t.limit)} ${t.pass ? 'PASS' : 'FAIL'}`;
			if (t.limit === 0 || typeof t.value !== 'number' || !Number.isFinite(t.value)) {
				parts.push(`<circle cx="${xOf(1)}" cy="${y - 4}" r="6" fill="${color}"/>`);
			} else {
				const x1 = xOf(t.value / t.limit);
				const x0 = LEFT;
				parts.push(
					`<rect x="${x0}" y="${y - 12}" width="${Math.max(1, x1 - x0)}" height="12" fill="${color}" opacity="0.85"/>`,
				);
			}
			parts.push(text(LEFT + BAR_W + 8, y, valueText, `class="v" fill="${color}"`));
		}
	}
	const bottom = y + 6;
	parts.push(
		`<line x1="${xOf(1)}" y1="${top + 4}" x2="${xOf(1)}" y2="${bottom}" stroke="#000" stroke-dasharray="4 3"/>`,
	);
	for (const [r, s] of [
		[0.1, '0.1×'],
		[1, 'limit'],
		[10, '10×'],
	]) {
		parts.push(text(xOf(r), bottom + 14, s, 'class="s" text-anchor="middle"'));
	}
	return { svg: parts.join('\n'), height: bottom + 20 - y0 };
}

/** A benchmark's own chart: groups of bars, each group on its own scale. */
function chartGroups(b, y0) {
	const chart = b.result.chart;
	const parts = [];
	let y = y0;
	parts.push(text(16, y, `${b.id}: ${chart.title}`, 'class="h"'));
	y += 20;
	const names = [...new Set(chart.groups.flatMap((g) => g.bars.map((x) => x.name)))];
	names.forEach((n, i) => {
		const x = LEFT + i * 190;
		parts.push(
			`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`,
		);
		parts.push(text(x + 14, y, n, 'class="s"'));
	});
	y += 8;
	for (const g of chart.groups) {
		const max = Math.max(...g.bars.map((x) => (typeof x.value === 'number' ? x.value : 0)), 1e-12);
		y += 10;
		parts.push(text(16, y + 12, truncate(g.label, 52), 'class="l"'));
		for (const bar of g.bars) {
			y += 16;
			const i = names.indexOf(bar.name);
			const w = typeof bar.value === 'number' ? (bar.value / max) * BAR_W : 0;
			parts.push(
				`<rect x="${LEFT}" y="${y - 12}" width="${Math.max(1, w)}" height="13" fill="${PALETTE[i % PALETTE.length]}"/>`,
			);
			parts.push(
				text(
					LEFT + Math.max(1, w) + 6,
					y - 1,
					`${fmt(bar.value)}${g.unit ? ` ${g.unit}` : ''}`,
					'class="v"',
				),
			);
		}
		y += 4;
	}
	return { svg: parts.join('\n'), height: y + 14 - y0 };
}

function svg(report) {
	const blocks = [];
	let y = 30;
	const header = text(
		16,
		y,
		`n8n-nodes-orcid benchmarks — ${report.finishedAt.slice(0, 10)}${report.quick ? ' (quick)' : ''}`,
		'class="t"',
	);
	y += 28;
	const targets = targetRows(report, y);
	blocks.push(targets.svg);
	y += targets.height + 20;
	for (const b of report.benchmarks) {
		if (b.status !== 'ok' || !b.result.chart?.groups?.length) continue;
		const g = chartGroups(b, y);
		blocks.push(g.svg);
		y += g.height + 16;
	}
	const height = y;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="Helvetica, Arial, sans-serif">
<style>.t{font-size:18px;font-weight:bold}.h{font-size:14px;font-weight:bold}.l{font-size:12px}.v{font-size:12px}.s{font-size:11px;fill:#555}</style>
<rect width="100%" height="100%" fill="#fff"/>
${header}
${blocks.join('\n')}
</svg>
`;
}

module.exports = { markdown, summary, svg, fmt, fmtValue, statusOf };
