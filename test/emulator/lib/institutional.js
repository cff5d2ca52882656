'use strict';
// ORCID's own invitation (since 2025): a premium member lists email domains; ORCID's scheduler
// (ORCID-Source orcid-scheduler-web/.../mvp/OrcidIntegrationMVPNotifications.java) finds
// researchers with such a domain and no token for the client, and
// NotificationManagerImpl.sendOrcidIntegrationNotificationToUser puts a permission notification
// "Connect your ORCID iD with <member>" in their inbox. Its authorization URL comes from
// buildAuthorizationUrlForInstitutionalSignIn:
//   {base}/oauth/authorize?response_type=code&client_id={id}&scope={predefined scope}
//     &redirect_uri={the client's INSTITUTIONAL_SIGN_IN redirect URI}
// and carries no state. Control API: POST /_emulator/institutional-notices.

function fail(status, message) {
	const e = new Error(message);
	e.status = status;
	return e;
}

function sendInstitutionalNotice(emu, body) {
	const { clientId, orcid, redirectUri } = body;
	const scope = body.scope || '/read-limited /activities/update';
	const client = emu.state.clients.get(clientId || '');
	if (!client) throw fail(400, `Unknown client ${clientId}`);
	if (!emu.state.record(orcid || '')) throw fail(400, `No record ${orcid}`);
	if (typeof redirectUri !== 'string' || !/^https?:\/\//.test(redirectUri)) {
		throw fail(400, 'redirectUri (the institutional sign-in redirect URI) is required');
	}
	const memberName = body.memberName || client.name || clientId;
	const uri =
		`${emu.url}/oauth/authorize?response_type=code&client_id=${encodeURIComponent(clientId)}` +
		`&scope=${encodeURIComponent(scope)}&redirect_uri=${encodeURIComponent(redirectUri)}`;
	const subject = `Connect your ORCID iD with ${memberName}`;
	const n = {
		putCode: emu.state.putCode(),
		orcid,
		clientId,
		family: 'ORCID_INTEGRATION',
		data: {
			'notification-type': 'permission',
			'authorization-url': { uri },
			'notification-subject': subject,
			'notification-intro': `${memberName}::${body.webpageUrl || ''}`,
			items: { item: [] },
		},
		created: Date.now(),
		sent: null,
		read: null,
		actioned: null,
		archived: null,
	};
	emu.state.notifications.set(n.putCode, n);
	emu.state.changed();
	return n;
}

module.exports = { sendInstitutionalNotice };
