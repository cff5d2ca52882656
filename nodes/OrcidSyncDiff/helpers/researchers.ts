/**
 * The two phases of a Sync Diff run around the engine: every input item read and grouped by
 * researcher (a researcher's ORCID read may start as soon as their token is known), then each
 * researcher's ORCID side (one read, or the data given on their items). Failures go through the runner (shared/node/runner.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ActivityType } from '../../shared/orcid/model/itemTypes';
import { isValidOrcidId, parseOrcidId } from '../../shared/orcid/orcidId';
import type { OrcidSession } from '../../shared/http/transport';
import { failItem, fieldError, toItemError, type ItemFailure } from '../../shared/node/runner';
import { flattenRemote, RemoteShapeError, type RemoteItem } from '../remote';
import { inputValue } from './autoMap';
import { readItem, type ReadItem, type ReadSettings } from './input';
import { inScope } from './options';

export interface Researcher {
	orcid: string;
	items: ReadItem[];
	/** Input index of the first item: remote-only and delete results pair to it. */
	first: number;
	complete: boolean;
	failed: boolean;
}

function safeOrcid(ctx: IExecuteFunctions, i: number): string | null {
	const value = inputValue(ctx, 'orcid', i, '');
	return isValidOrcidId(value) ? parseOrcidId(value) : null;
}

/** A parameter's value as text when it is text or a number; null when unreadable or other. */
function safeText(ctx: IExecuteFunctions, name: 'orcid' | 'localKey', i: number): string | null {
	try {
		const value = inputValue(ctx, name, i, '');
		if (typeof value === 'number') return String(value);
		return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
	} catch {
		return null;
	}
}

/**
 * What a failed input item still tells about itself (its researcher and local key, as given),
 * so that a workflow records the failure from the error item alone, without looking up the
 * input row (which may carry the researcher's token).
 */
export function inputIdentity(ctx: IExecuteFunctions, i: number): IDataObject {
	let orcid: string | null;
	try {
		orcid = safeOrcid(ctx, i);
	} catch {
		orcid = null;
	}
	return {
		field: null,
		orcid: orcid ?? safeText(ctx, 'orcid', i),
		localKey: safeText(ctx, 'localKey', i),
	};
}

/** What readResearchers tells as it goes, so that a researcher's ORCID read can start early. */
export interface ReadProgress {
	/** After each item read, with its researcher (the items so far). */
	read(r: Researcher, item: ReadItem): void;
	/** Between items: lets the event loop run now and then (requests started by read go out). */
	pause(): Promise<void>;
}

/**
 * Reads and checks every input item, grouped by researcher. A bad item stops the node, or with
 * Continue On Fail becomes an error item (`failed`), and its researcher is not complete:
 * nothing of theirs gets deleted.
 */
export async function readResearchers(
	ctx: IExecuteFunctions,
	count: number,
	settings: ReadSettings,
	failure: ItemFailure,
	failed: (item: INodeExecutionData) => void,
	progress?: ReadProgress,
): Promise<Map<string, Researcher>> {
	const researchers = new Map<string, Researcher>();
	const researcher = (orcid: string, i: number): Researcher => {
		let r = researchers.get(orcid);
		if (!r) {
			r = { orcid, items: [], first: i, complete: true, failed: false };
			researchers.set(orcid, r);
		}
		return r;
	};
	for (let i = 0; i < count; i++) {
		if (progress) await progress.pause();
		let read: ReadItem;
		try {
			read = readItem(ctx, i, settings);
		} catch (error) {
			failed(failItem(ctx, i, error, failure));
			const orcid = safeOrcid(ctx, i);
			if (orcid) researcher(orcid, i).failed = true;
			continue;
		}
		const r = researcher(read.orcid, i);
		if (r.items.length === 0) r.first = i;
		r.items.push(read);
		if (!read.localComplete) r.complete = false;
		progress?.read(r, read);
	}
	return researchers;
}

/** How the ORCID side is read: the same for every researcher of a run. */
export interface SideSettings {
	mode: ReadSettings['mode'];
	apiType: string;
	scope: Set<ActivityType> | null;
	/** Option Read Shows Private Items (input mode). */
	remoteCompleteOption: boolean;
}

export interface OrcidSide {
	remote: RemoteItem[];
	/** The read shows private items too (a member read with the researcher's token). */
	remoteComplete: boolean;
	/** The token the researcher's results pass on. */
	token: string | undefined;
}

/**
 * One researcher's ORCID side: fetched once with the first token among their items, or the
 * data given on one of them. Throws the error naming the researcher's first item.
 */
export async function readOrcidSide(
	ctx: IExecuteFunctions,
	session: OrcidSession,
	r: Researcher,
	how: SideSettings,
): Promise<OrcidSide> {
	const token = r.items.find((it) => it.accessToken !== undefined)?.accessToken;
	try {
		if (how.mode === 'fetch') {
			if (token === undefined && how.apiType === 'member') {
				throw fieldError(
					ctx,
					r.first,
					'accessToken',
					`no item of researcher ${r.orcid} carries one`,
					"Fetching reads the researcher's activities with their token: map it, e.g. {{ $json.accessToken }}",
				);
			}
			const response = await session.request({
				api: how.apiType === 'public' ? 'public' : 'member',
				method: 'GET',
				path: `/${r.orcid}/activities`,
				token,
				itemIndex: r.first,
			});
			const remote = inScope(flattenRemote(response.body, { strict: true }), how.scope);
			// only a member read with the researcher's token shows their private items
			return { remote, remoteComplete: how.apiType === 'member' && token !== undefined, token };
		}
		const data = r.items.find((it) => it.remoteData !== undefined)?.remoteData;
		if (data === undefined) {
			throw fieldError(
				ctx,
				r.first,
				'remoteData',
				`no item of researcher ${r.orcid} carries it`,
				"Map the researcher's activities read by ORCID Read Record, e.g. {{ $json.remote }}",
			);
		}
		const remote = inScope(flattenRemote(data, { strict: true }), how.scope);
		return { remote, remoteComplete: how.remoteCompleteOption, token };
	} catch (error) {
		const field = error instanceof RemoteShapeError ? 'remoteData' : 'item';
		throw toItemError(ctx, r.first, error, field);
	}
}
