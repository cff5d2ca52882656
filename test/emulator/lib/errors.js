'use strict';
// ORCID's error bodies. API errors: {response-code, developer-message, user-message, error-code,
// more-info} (XML: error:error); OAuth and bearer-token errors: {error, error_description}.
// Messages follow ORCID-Source orcid-core/src/main/resources/i18n/api_en.properties; the
// developer message gets " Full validation error: <detail>" when there is a detail, as
// OrcidCoreExceptionMapper does.

const MORE_INFO = 'https://members.orcid.org/api/resources/troubleshooting';
const TRY_AGAIN =
	'There was an error when updating the record. Please try again. If the error persists, please contact ${clientName} for assistance.';

const MESSAGES = {
	9001: [
		'400 Bad Request: There is an issue with your data or the API endpoint. 405 Method Not Allowed: Endpoint and method mismatch. 415 Unsupported Media Type: data must be in XML or JSON format.',
		'ORCID could not process the data, because they were invalid.',
	],
	9002: ['The client application is not authorized.', 'The client application is not authorized.'],
	9004: [
		'403 Forbidden: Insufficient or wrong scope.',
		'The client application is forbidden to perform the action.',
	],
	9006: [
		'The client application sent a bad request to ORCID.',
		'The client application sent a bad request to ORCID.',
	],
	9007: [
		'301 Moved Permanently: This account is deprecated. Please refer to account: ${orcid}. ORCID ${deprecated_orcid}',
		'This account is deprecated. Please refer to account: ${orcid}.',
	],
	9008: ['Something went wrong in ORCID.', 'Something went wrong in ORCID.'],
	9009: [
		'403 Forbidden: The notification has already been read and cannot be archived.',
		'The client application tried to archive a message that has already been read.',
	],
	9010: [
		'403 Forbidden: You are not the source of the ${activity}, so you are not allowed to update it.',
		'The client application is not the source of the resource it is trying to access.',
	],
	9011: ['404 Not Found: The ORCID record or item was not found.', 'The resource was not found.'],
	9012: [
		'The client application made a bad request to the ORCID API.',
		'The client application made a bad request to the ORCID API.',
	],
	9013: [
		'403 Forbidden: The item is private and you are not the source.',
		'The client application is forbidden to perform the action.',
	],
	9014: [
		'The client application is forbidden to perform the action.',
		'The client application is forbidden to perform the action.',
	],
	9015: [
		'One of the provided scopes is not allowed. Please refer to the list of allowed scopes at: https://github.com/ORCID/ORCID-Source/tree/master/orcid-model/src/main/resources/record_2.0#scopes.',
		'The client application tried to use an invalid permission on the ORCID API.',
	],
	9016: ['404 Not Found: The resource was not found.', 'The resource was not found.'],
	9017: [
		'401 Unauthorized: The client application is not authorized for this ORCID record.',
		'The client application is not authorized.',
	],
	9019: [
		'400 Bad Request: The put code in the URL was ${urlPutCode} whereas the one in the body was ${bodyPutCode}.',
		TRY_AGAIN,
	],
	9020: ['400 Bad Request: Invalid incoming message.', 'Invalid incoming message.'],
	9021: [
		'409 Conflict: You have already added this activity (matched by external identifiers), please see element with put-code ${putCode}. If you are trying to edit the item, please use PUT instead of POST.',
		TRY_AGAIN,
	],
	9022: [
		'400 Bad Request: Invalid activity, a title is required.',
		'Invalid activity:  A title is required.',
	],
	9023: [
		'400 Bad Request: Invalid activity, an external identifier is required.',
		'Invalid activity: an external identifier is required.',
	],
	9024: [
		'400 Bad Request: Put-code is included when not expected. When posting new activities, the put code should be omitted.',
		TRY_AGAIN,
	],
	9025: [
		'409 Conflict: The given group-id-record already exists.',
		'The given group-id-record already exists.',
	],
	9026: [
		'400 Bad Request: The group you are trying to access does not exist, you may need to create it.',
		'The group-id-record does not exist.',
	],
	9027: [
		'Unable to find client profile associated with client:${client}.',
		'The resource was not found.',
	],
	9028: ['No webhook found for orcid=${orcid}, and uri=${uri}.', 'The resource was not found.'],
	9029: [
		'404 Not Found: Could not find notification with id: ${id} for ORCID: ${orcid}.',
		'The resource was not found.',
	],
	9030: [
		"The element '${value}' of type '${type}' is duplicated. ",
		"The element '${value}' of type '${type}' is duplicated. ",
	],
	9032: [
		'409 Conflict: The user has opted not to receive notifications so you cannot post notifications.',
		"The user ${orcid} doesn't allow notifications.",
	],
	9034: ['400 Bad Request: The put code provided is not valid.', TRY_AGAIN],
	9035: [
		"403 Forbidden: You can't change the visibility of an item, please remove the visibility or set it to the current value.",
		TRY_AGAIN,
	],
	9037: ['Invalid ${type}, valid values are: ${values}.', 'Please specify a work type.'],
	9038: [
		"409 Conflict: The item has a limited or private visibility and your request doesn't have the required scope.",
		"You don't have the permissions to execute this action.",
	],
	9039: [
		'403 Forbidden: The item is not public and cannot be accessed with the Public API.',
		'The client application is forbidden to perform the action.',
	],
	9041: [
		'404 Not Found: Biography for the given record is null.',
		'There is no biography for the given record.',
	],
	9042: ['Too many put codes supplied', 'Too many put codes supplied'],
	9043: [
		'The start parameter for API users without credentials must be an integer between 0 and 10,000',
		'The start parameter for API users without credentials must be an integer between 0 and 10,000',
	],
	9044: [
		'409 Conflict: The ORCID record is deactivated and cannot be edited.',
		'The ORCID record is deactivated.',
	],
	9045: [
		'400 Bad request: disambiguated-organization must be present and valid',
		'No valid disambiguated-organization is included in the data.',
	],
	9046: [
		'400 Bad request: organization must be present and valid',
		'No valid organization is included in the data.',
	],
	9047: ['400 Bad request: invalid JSON - ${error}', 'Invalid JSON.'],
	9048: [
		'409 Conflict: The maximum number of works that can be connected to an ORCID record is 10,000',
		'The maximum number of works that can be connected to an ORCID record is 10,000 and you have now exceeded this limit. Please remove some works and try again. For more information, see https://support.orcid.org/hc/articles/360006973133',
	],
	9049: ['400 Bad request: invalid date: ${dateString} ', 'Invalid date'],
	9050: [
		'400 Bad request: missing start-date. If you specify an end-date, you must specify a start-date',
		'Missing start-date. If you specify an end-date, you must specify a start-date',
	],
	9051: [
		"400 Bad request: invalid value '${value}' for enum '${enum}'",
		'Invalid value for type. ',
	],
	9053: ['400 Bad Request: invalid ISSN', 'This does not appear to be a valid ISSN'],
	9054: ['400 Bad Request: invalid amount', 'This does not appear to be a valid funding amount'],
	9055: [
		'400 Bad Request: End date must come after start date.',
		'End date must come after start date.',
	],
	9058: [
		'404 Bad Request: Invalid contributor role: ${role}. Expected one of ${validRoles}. ',
		'Invalid contributor role.',
	],
	9060: [
		'City and country are required for education/employment.',
		'City and country are required for education/employment.',
	],
	9061: [
		'City or region cannot be provided without a country for the organization address.',
		'City or region cannot be provided without a country for the organization address.',
	],
	9062: [
		'Professional activities cannot be added without an organization id/external identifier. One has to be present.',
		'Professional activities cannot be added without an organization id/external identifier. One has to be present.',
	],
};

function resolve(template, params) {
	return template.replace(/\$\{([a-zA-Z_]+)\}/g, (m, k) =>
		params && params[k] !== undefined ? String(params[k]) : m,
	);
}

/** An ORCID API error (rendered as error:error / JSON error object). */
class OrcidApiError extends Error {
	constructor(status, code, params, detail, headers) {
		const [dev, user] = MESSAGES[code] || [`Error ${code}`, `Error ${code}`];
		const p = { clientName: 'the client', ...(params || {}) };
		let developerMessage = resolve(dev, p);
		if (detail) developerMessage += ` Full validation error: ${detail}`;
		super(developerMessage);
		this.status = status;
		this.body = {
			'response-code': status,
			'developer-message': developerMessage,
			'user-message': resolve(user, p),
			'error-code': code,
			'more-info': MORE_INFO,
		};
		this.headers = headers || {};
	}
}

/** An OAuth-style error: {"error": ..., "error_description": ...}. */
class OAuthError extends Error {
	constructor(status, error, description, headers) {
		super(description);
		this.status = status;
		this.body = { error, error_description: description };
		this.headers = headers || {};
	}
}

/** A non-ORCID answer (the rate limiter's 503 page, the quota's plain-text 429). */
class PlainError extends Error {
	constructor(status, body, contentType, headers) {
		super(body);
		this.status = status;
		this.body = body;
		this.headers = { 'Content-Type': contentType, ...(headers || {}) };
	}
}

const api = (status, code, params, detail, headers) =>
	new OrcidApiError(status, code, params, detail, headers);
const oauth = (status, error, description, headers) =>
	new OAuthError(status, error, description, headers);

module.exports = { OrcidApiError, OAuthError, PlainError, api, oauth, MESSAGES };
