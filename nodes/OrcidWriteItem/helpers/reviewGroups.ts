/**
 * Peer-review groups: a review names its group (issn:, ringgold:, orcid-generated: ...), whose
 * group-id record the client finds or creates with its own /group-id-record/update token,
 * once per group and run.
 */
import { orcidErrorCodeOf, type OrcidSession } from '../../shared/http/transport';
import type { PreparedBody } from './input';
import type { ItemError, WriteJob } from './jobs';

const GROUP_SCOPE = '/group-id-record/update';

type Obj = Record<string, unknown>;

export class ReviewGroups {
	private readonly groups = new Map<string, Promise<number | undefined>>();

	constructor(private readonly session: OrcidSession) {}

	/** The review group of a peer review, its group-id record found or created first. */
	async groupFor(job: WriteJob): Promise<{ groupId?: string; groupIdPutCode?: number }> {
		const group = job.prepared?.group;
		if (job.itemType !== 'peer-review' || !group) return {};
		const putCode = await this.ensureGroup(job, group);
		return putCode === undefined
			? { groupId: group.groupId }
			: { groupId: group.groupId, groupIdPutCode: putCode };
	}

	/** The group-id record of a review group: found, or created with the client's token. */
	private async ensureGroup(
		job: WriteJob,
		group: NonNullable<PreparedBody['group']>,
	): Promise<number | undefined> {
		let pending = this.groups.get(group.groupId);
		if (!pending) {
			pending = this.findOrCreateGroup(job, group);
			this.groups.set(group.groupId, pending);
			pending.catch(() => this.groups.delete(group.groupId));
		}
		return await pending;
	}

	private async findGroup(job: WriteJob, groupId: string): Promise<number | undefined> {
		const response = await this.session.request({
			api: 'member',
			method: 'GET',
			path: '/group-id-record',
			clientScope: GROUP_SCOPE,
			qs: { 'group-id': groupId },
			itemIndex: job.itemIndex,
			okStatuses: [404],
		});
		if (response.status === 404) return undefined;
		const body = response.body as Obj | null;
		const records = Array.isArray(body?.['group-id-record'])
			? (body?.['group-id-record'] as Obj[])
			: body && body['group-id'] !== undefined
				? [body]
				: [];
		const record = records.find(
			(r) => String(r['group-id']).toLowerCase() === groupId.toLowerCase(),
		);
		const putCode = Number(record?.['put-code']);
		return record && Number.isSafeInteger(putCode) ? putCode : undefined;
	}

	private async findOrCreateGroup(
		job: WriteJob,
		group: NonNullable<PreparedBody['group']>,
	): Promise<number | undefined> {
		const { groupId } = group;
		try {
			const found = await this.findGroup(job, groupId);
			if (found !== undefined) return found;
			const response = await this.session.request({
				api: 'member',
				method: 'POST',
				path: '/group-id-record',
				clientScope: GROUP_SCOPE,
				body: {
					name: group.name ?? groupId,
					'group-id': groupId,
					description: group.description ?? group.name ?? groupId,
					type: group.type ?? 'journal',
				},
				itemIndex: job.itemIndex,
				settle: async () => {
					const putCode = await this.findGroup(job, groupId);
					return putCode === undefined ? null : { status: 201, headers: {}, body: null, putCode };
				},
			});
			return response.putCode;
		} catch (error) {
			// created meanwhile by someone else (9025): read it
			if (orcidErrorCodeOf(error) === '9025') return await this.findGroup(job, groupId);
			// ORCID creates ISSN groups itself when a review names one: go on without the record
			if (/^issn:/i.test(groupId)) return undefined;
			const e = error as ItemError;
			e.description =
				`${e.description ?? ''} The review group "${groupId}" needs a group-id record, which the client creates with a ${GROUP_SCOPE} token; ask ORCID to enable that scope for the client, or use an issn: group.`.trim();
			throw e;
		}
	}
}
