/** What a write is: the job (one item to write), its result, and an item's error. */
import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemType } from '../../shared/orcid/model/itemTypes';
import type { PreparedBody } from './input';

export type OnDuplicate = 'fail' | 'returnExisting' | 'updateExisting';
export type WriteStatus =
	| 'created'
	| 'updated'
	| 'deleted'
	| 'existing'
	| 'already-gone'
	| 'unconfirmed';

export interface WriteJob {
	itemIndex: number;
	itemType: ItemType;
	orcid: string;
	token: string;
	prepared?: PreparedBody;
	putCode?: number;
}

export interface WriteResult {
	status: WriteStatus;
	/** Absent only for 'unconfirmed': ORCID may hold the item, its put code is not known. */
	putCode?: number;
	/** The record written to: the primary iD when the given one was merged into it. */
	orcid: string;
	movedFrom?: string;
	groupId?: string;
	groupIdPutCode?: number;
	/** What was sent last (the PUT body when an existing item was updated). */
	body?: IDataObject | string;
	/** 'unconfirmed': the identifiers a sync or rerun finds the item by, and what happened. */
	identifiers?: string[];
	message?: string;
}

export type ItemError = NodeApiError | NodeOperationError;

/** Adds fields to an item error's context (the runner copies them to the error item). */
export function setContext(error: ItemError, values: IDataObject): ItemError {
	Object.assign(error.context as IDataObject, values);
	return error;
}
