/** Person items: keyword, other name, researcher URL, external identifier. */
import { ItemType } from '../itemTypes';
import { JsonObject } from '../json';
import { Checker, checkText, checkUrl } from './checker';
import { checkExternalId } from './externalIds';

export function checkPersonItem(c: Checker, itemType: ItemType, json: JsonObject): void {
	switch (itemType) {
		case 'keyword':
			checkText(c, ['content'], json.content, { required: true, max: 255, why: 'the keyword' });
			break;
		case 'other-name':
			checkText(c, ['content'], json.content, { required: true, max: 255, why: 'the other name' });
			break;
		case 'researcher-url':
			checkText(c, ['url-name'], json['url-name'], { max: 350 });
			checkUrl(c, ['url'], json.url, true);
			break;
		case 'external-identifier':
			checkExternalId(c, [], json, { orcidTypeNames: false, requireRelationship: false });
			break;
	}
}

export interface ValidateOptions {
	/** 'create': a put code is an error (9024); 'update': a put code is required (9019). */
	operation?: 'create' | 'update';
}
