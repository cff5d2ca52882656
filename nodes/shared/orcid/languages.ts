/**
 * The languages of the researcher-facing texts (the trigger's pages, the iD display
 * snippet) and their string tables, and ORCID's own sign-in screen languages.
 */

export type PageLanguage = 'en' | 'fr' | 'de' | 'es';

export const PAGE_LANGUAGES: readonly PageLanguage[] = ['en', 'fr', 'de', 'es'];

/** The languages of ORCID's sign-in and authorize screens, passed on as its `lang` parameter. */
export const ORCID_UI_LANGUAGES = [
	'ar',
	'cs',
	'en',
	'es',
	'fr',
	'de',
	'it',
	'ja',
	'ko',
	'pl',
	'pt',
	'ru',
	'tr',
	'zh_CN',
	'zh_TW',
] as const;

export type ProblemKind =
	| 'access_denied'
	| 'link_invalid'
	| 'link_expired'
	| 'state_invalid'
	| 'state_expired'
	| 'code_reused'
	| 'orcid_error'
	| 'orcid_unavailable'
	| 'wrong_orcid'
	| 'setup_error'
	| 'browser_mismatch'
	| 'state_used'
	| 'result_expired'
	| 'already_connected';

export type StringKey =
	| 'explainTitle'
	| 'explainHeading'
	| 'aboutOrcidHeading'
	| 'aboutOrcid'
	| 'learnMore'
	| 'whatWeDo'
	| 'scopeAuthenticate'
	| 'scopeReadLimited'
	| 'howItWorks'
	| 'button'
	| 'successTitle'
	| 'successBody'
	| 'successBodyNamed'
	| 'continue'
	| 'revokeHint'
	| 'reference'
	| 'support'
	| 'supportNoContact'
	| 'viewRecord'
	| 'iconAlt'
	| 'problemCode'
	| `${ProblemKind}Title`
	| `${ProblemKind}Body`
	| `${ProblemKind}Next`;

type Strings = Record<StringKey, string>;

const EN: Strings = {
	explainTitle: 'Connect your ORCID iD',
	explainHeading: 'Connect your ORCID iD with {org}',
	aboutOrcidHeading: 'What is ORCID?',
	aboutOrcid:
		'ORCID provides a persistent identifier – an ORCID iD – that distinguishes you from other researchers and a mechanism for linking your research outputs and activities to your iD.',
	learnMore: 'Learn more at orcid.org',
	whatWeDo: 'What {org} will do',
	scopeAuthenticate: 'Get your ORCID iD, so we know it is really yours.',
	scopeReadLimited:
		'Read the information on your ORCID record, including items you share with trusted parties only.',
	howItWorks:
		'You will sign in at ORCID (or create a free ORCID iD), then choose whether to grant access. You can revoke access at any time in your ORCID account settings (Trusted parties).',
	button: 'Create or connect your ORCID iD',
	successTitle: 'Your ORCID iD is connected',
	successBody: 'Thank you. {org} now has your authenticated ORCID iD:',
	successBodyNamed: 'Thank you, {name}. {org} now has your authenticated ORCID iD:',
	continue: 'Continue',
	revokeHint:
		'You can revoke this access at any time under Trusted parties in your ORCID account settings.',
	reference: 'Reference',
	support: 'Need help? Contact {support}.',
	supportNoContact: 'Need help? Contact {org}.',
	viewRecord: 'View ORCID record',
	iconAlt: 'ORCID iD icon',
	problemCode: 'ORCID reported: {code}',
	access_deniedTitle: 'You did not grant access',
	access_deniedBody: 'You chose not to connect your ORCID iD with {org}. Nothing was shared.',
	access_deniedNext: 'If you change your mind, open the link you received again.',
	link_invalidTitle: 'This link is not valid',
	link_invalidBody:
		'The link you followed is incomplete or has been changed, so it cannot be used.',
	link_invalidNext: 'Please open the link exactly as you received it, or ask {org} for a new one.',
	link_expiredTitle: 'This link has expired',
	link_expiredBody: 'For your security, personal links only work for a limited time.',
	link_expiredNext: 'Please ask {org} for a new link.',
	state_invalidTitle: 'We could not verify this sign-in',
	state_invalidBody:
		'The answer from ORCID could not be matched to a sign-in started here, so it was not used.',
	state_invalidNext: 'Please start again from the link you received.',
	state_expiredTitle: 'This sign-in took too long',
	state_expiredBody: 'For your security, the connection must be completed within a few minutes.',
	state_expiredNext: 'Please start again from the link you received.',
	code_reusedTitle: 'This sign-in was already used',
	code_reusedBody:
		'This ORCID sign-in had already been completed. For your security ORCID has cancelled it, so the connection may not be active.',
	code_reusedNext: 'Please start again from the link you received.',
	orcid_errorTitle: 'ORCID could not complete the connection',
	orcid_errorBody: 'ORCID reported a problem while connecting your iD. Nothing was changed.',
	orcid_errorNext: 'Please try again from the link you received.',
	orcid_unavailableTitle: 'ORCID cannot be reached right now',
	orcid_unavailableBody:
		'We could not reach ORCID to complete the connection. Nothing was changed.',
	orcid_unavailableNext: 'Please try again in a few minutes from the link you received.',
	wrong_orcidTitle: 'This invitation is for a different ORCID iD',
	wrong_orcidBody:
		'You signed in with an ORCID iD other than the one this invitation was sent to, so it was not connected.',
	wrong_orcidNext:
		'Please sign out of ORCID, open the invitation again and sign in with the invited iD.',
	setup_errorTitle: 'Connecting your ORCID iD is not available right now',
	setup_errorBody: 'The connection to ORCID is not set up completely. Nothing was changed.',
	setup_errorNext: 'Please contact {org} and try again later.',
	browser_mismatchTitle: 'Please finish in the same browser',
	browser_mismatchBody:
		'This sign-in was started in another browser (or your browser did not keep our cookie), so it was not used. Nothing was changed.',
	browser_mismatchNext:
		'Please open your personal link again in this browser and complete the sign-in here.',
	state_usedTitle: 'This sign-in was already completed',
	state_usedBody:
		'Your ORCID iD was already connected through this sign-in; a sign-in can be used only once. Nothing was changed.',
	state_usedNext: 'To connect again, open your personal link again.',
	result_expiredTitle: 'This page is no longer available',
	result_expiredBody:
		'For your privacy this confirmation is shown only for a short time. Your connection is not affected.',
	result_expiredNext: 'If you are unsure whether your iD is connected, please contact {org}.',
	already_connectedTitle: 'This ORCID iD is already connected to another account',
	already_connectedBody:
		'Your ORCID iD is already connected with {org} under another account, so it was not connected again. Nothing was changed.',
	already_connectedNext:
		'Please contact {org} (see below): a person will check which account it belongs to.',
};

const FR: Strings = {
	explainTitle: 'Connectez votre identifiant ORCID',
	explainHeading: 'Connectez votre identifiant ORCID à {org}',
	aboutOrcidHeading: 'Qu’est-ce qu’ORCID ?',
	aboutOrcid:
		'ORCID fournit un identifiant pérenne – un identifiant ORCID – qui vous distingue des autres chercheurs, ainsi qu’un moyen de relier vos travaux et activités de recherche à cet identifiant.',
	learnMore: 'En savoir plus sur orcid.org',
	whatWeDo: 'Ce que {org} fera',
	scopeAuthenticate: 'Obtenir votre identifiant ORCID, pour savoir qu’il vous appartient vraiment.',
	scopeReadLimited:
		'Lire les informations de votre dossier ORCID, y compris celles que vous ne partagez qu’avec des parties de confiance.',
	howItWorks:
		'Vous vous connecterez sur ORCID (ou créerez gratuitement un identifiant ORCID), puis choisirez d’accorder ou non l’accès. Vous pouvez retirer cet accès à tout moment dans les paramètres de votre compte ORCID (Parties de confiance).',
	button: 'Créer ou connecter votre identifiant ORCID',
	successTitle: 'Votre identifiant ORCID est connecté',
	successBody: 'Merci. {org} dispose désormais de votre identifiant ORCID authentifié :',
	successBodyNamed:
		'Merci, {name}. {org} dispose désormais de votre identifiant ORCID authentifié :',
	continue: 'Continuer',
	revokeHint:
		'Vous pouvez retirer cet accès à tout moment sous « Parties de confiance » dans les paramètres de votre compte ORCID.',
	reference: 'Référence',
	support: 'Besoin d’aide ? Contactez {support}.',
	supportNoContact: 'Besoin d’aide ? Contactez {org}.',
	viewRecord: 'Voir le dossier ORCID',
	iconAlt: 'Icône ORCID iD',
	problemCode: 'Réponse d’ORCID : {code}',
	access_deniedTitle: 'Vous n’avez pas accordé l’accès',
	access_deniedBody:
		'Vous avez choisi de ne pas connecter votre identifiant ORCID à {org}. Rien n’a été partagé.',
	access_deniedNext: 'Si vous changez d’avis, ouvrez à nouveau le lien que vous avez reçu.',
	link_invalidTitle: 'Ce lien n’est pas valide',
	link_invalidBody:
		'Le lien suivi est incomplet ou a été modifié ; il ne peut donc pas être utilisé.',
	link_invalidNext:
		'Ouvrez le lien exactement tel que vous l’avez reçu, ou demandez-en un nouveau à {org}.',
	link_expiredTitle: 'Ce lien a expiré',
	link_expiredBody:
		'Pour votre sécurité, les liens personnels ne fonctionnent que pendant une durée limitée.',
	link_expiredNext: 'Demandez un nouveau lien à {org}.',
	state_invalidTitle: 'Nous n’avons pas pu vérifier cette connexion',
	state_invalidBody:
		'La réponse d’ORCID ne correspond à aucune connexion commencée ici ; elle n’a donc pas été utilisée.',
	state_invalidNext: 'Recommencez à partir du lien que vous avez reçu.',
	state_expiredTitle: 'Cette connexion a pris trop de temps',
	state_expiredBody: 'Pour votre sécurité, la connexion doit être terminée en quelques minutes.',
	state_expiredNext: 'Recommencez à partir du lien que vous avez reçu.',
	code_reusedTitle: 'Cette connexion a déjà été utilisée',
	code_reusedBody:
		'Cette connexion ORCID avait déjà été effectuée. Pour votre sécurité, ORCID l’a annulée ; la connexion n’est peut-être plus active.',
	code_reusedNext: 'Recommencez à partir du lien que vous avez reçu.',
	orcid_errorTitle: 'ORCID n’a pas pu terminer la connexion',
	orcid_errorBody:
		'ORCID a signalé un problème lors de la connexion de votre identifiant. Rien n’a été modifié.',
	orcid_errorNext: 'Réessayez à partir du lien que vous avez reçu.',
	orcid_unavailableTitle: 'ORCID est momentanément injoignable',
	orcid_unavailableBody:
		'Nous n’avons pas pu joindre ORCID pour terminer la connexion. Rien n’a été modifié.',
	orcid_unavailableNext: 'Réessayez dans quelques minutes à partir du lien que vous avez reçu.',
	wrong_orcidTitle: 'Cette invitation concerne un autre identifiant ORCID',
	wrong_orcidBody:
		'Vous vous êtes connecté avec un autre identifiant ORCID que celui auquel cette invitation a été envoyée ; il n’a donc pas été connecté.',
	wrong_orcidNext:
		'Déconnectez-vous d’ORCID, ouvrez à nouveau l’invitation et connectez-vous avec l’identifiant invité.',
	setup_errorTitle: 'La connexion de votre identifiant ORCID n’est pas disponible pour le moment',
	setup_errorBody: 'La connexion à ORCID n’est pas entièrement configurée. Rien n’a été modifié.',
	setup_errorNext: 'Contactez {org} et réessayez plus tard.',
	browser_mismatchTitle: 'Veuillez terminer dans le même navigateur',
	browser_mismatchBody:
		'Cette connexion a été commencée dans un autre navigateur (ou votre navigateur n’a pas conservé notre cookie) ; elle n’a donc pas été utilisée. Rien n’a été modifié.',
	browser_mismatchNext:
		'Ouvrez à nouveau votre lien personnel dans ce navigateur et terminez la connexion ici.',
	state_usedTitle: 'Cette connexion a déjà été effectuée',
	state_usedBody:
		'Votre identifiant ORCID a déjà été connecté par cette connexion ; une connexion ne peut servir qu’une fois. Rien n’a été modifié.',
	state_usedNext: 'Pour vous connecter à nouveau, ouvrez à nouveau votre lien personnel.',
	result_expiredTitle: 'Cette page n’est plus disponible',
	result_expiredBody:
		'Pour protéger votre vie privée, cette confirmation n’est affichée que peu de temps. Votre connexion n’est pas concernée.',
	result_expiredNext: 'Si vous ne savez pas si votre identifiant est connecté, contactez {org}.',
	already_connectedTitle: 'Cet identifiant ORCID est déjà connecté à un autre compte',
	already_connectedBody:
		'Votre identifiant ORCID est déjà connecté à {org} sous un autre compte ; il n’a donc pas été connecté à nouveau. Rien n’a été modifié.',
	already_connectedNext:
		'Contactez {org} (voir ci-dessous) : une personne vérifiera à quel compte il appartient.',
};

const DE: Strings = {
	explainTitle: 'Verbinden Sie Ihre ORCID iD',
	explainHeading: 'Verbinden Sie Ihre ORCID iD mit {org}',
	aboutOrcidHeading: 'Was ist ORCID?',
	aboutOrcid:
		'ORCID stellt eine dauerhafte Kennung bereit – eine ORCID iD –, die Sie von anderen Forschenden unterscheidet, und einen Mechanismus, um Ihre Forschungsergebnisse und Aktivitäten mit Ihrer iD zu verknüpfen.',
	learnMore: 'Mehr erfahren auf orcid.org',
	whatWeDo: 'Was {org} tun wird',
	scopeAuthenticate: 'Ihre ORCID iD erhalten, damit wir wissen, dass sie wirklich Ihnen gehört.',
	scopeReadLimited:
		'Die Angaben in Ihrem ORCID-Datensatz lesen, auch solche, die Sie nur mit vertrauenswürdigen Parteien teilen.',
	howItWorks:
		'Sie melden sich bei ORCID an (oder erstellen kostenlos eine ORCID iD) und entscheiden dann, ob Sie den Zugriff erlauben. Sie können den Zugriff jederzeit in Ihren ORCID-Kontoeinstellungen (Vertrauenswürdige Parteien) widerrufen.',
	button: 'ORCID iD erstellen oder verbinden',
	successTitle: 'Ihre ORCID iD ist verbunden',
	successBody: 'Vielen Dank. {org} hat jetzt Ihre authentifizierte ORCID iD:',
	successBodyNamed: 'Vielen Dank, {name}. {org} hat jetzt Ihre authentifizierte ORCID iD:',
	continue: 'Weiter',
	revokeHint:
		'Sie können diesen Zugriff jederzeit unter „Vertrauenswürdige Parteien“ in Ihren ORCID-Kontoeinstellungen widerrufen.',
	reference: 'Referenz',
	support: 'Brauchen Sie Hilfe? Wenden Sie sich an {support}.',
	supportNoContact: 'Brauchen Sie Hilfe? Wenden Sie sich an {org}.',
	viewRecord: 'ORCID-Datensatz anzeigen',
	iconAlt: 'ORCID-iD-Symbol',
	problemCode: 'Antwort von ORCID: {code}',
	access_deniedTitle: 'Sie haben den Zugriff nicht erlaubt',
	access_deniedBody:
		'Sie haben sich entschieden, Ihre ORCID iD nicht mit {org} zu verbinden. Es wurde nichts geteilt.',
	access_deniedNext: 'Wenn Sie es sich anders überlegen, öffnen Sie den erhaltenen Link erneut.',
	link_invalidTitle: 'Dieser Link ist ungültig',
	link_invalidBody:
		'Der Link ist unvollständig oder wurde verändert und kann daher nicht verwendet werden.',
	link_invalidNext:
		'Öffnen Sie den Link genau so, wie Sie ihn erhalten haben, oder bitten Sie {org} um einen neuen.',
	link_expiredTitle: 'Dieser Link ist abgelaufen',
	link_expiredBody: 'Zu Ihrer Sicherheit sind persönliche Links nur begrenzte Zeit gültig.',
	link_expiredNext: 'Bitte fordern Sie bei {org} einen neuen Link an.',
	state_invalidTitle: 'Diese Anmeldung konnte nicht überprüft werden',
	state_invalidBody:
		'Die Antwort von ORCID passt zu keiner hier begonnenen Anmeldung und wurde daher nicht verwendet.',
	state_invalidNext: 'Bitte beginnen Sie erneut mit dem Link, den Sie erhalten haben.',
	state_expiredTitle: 'Diese Anmeldung hat zu lange gedauert',
	state_expiredBody:
		'Zu Ihrer Sicherheit muss die Verbindung innerhalb weniger Minuten abgeschlossen werden.',
	state_expiredNext: 'Bitte beginnen Sie erneut mit dem Link, den Sie erhalten haben.',
	code_reusedTitle: 'Diese Anmeldung wurde bereits verwendet',
	code_reusedBody:
		'Diese ORCID-Anmeldung war bereits abgeschlossen. Zu Ihrer Sicherheit hat ORCID sie aufgehoben; die Verbindung ist möglicherweise nicht aktiv.',
	code_reusedNext: 'Bitte beginnen Sie erneut mit dem Link, den Sie erhalten haben.',
	orcid_errorTitle: 'ORCID konnte die Verbindung nicht abschließen',
	orcid_errorBody:
		'ORCID hat beim Verbinden Ihrer iD ein Problem gemeldet. Es wurde nichts geändert.',
	orcid_errorNext: 'Bitte versuchen Sie es erneut mit dem Link, den Sie erhalten haben.',
	orcid_unavailableTitle: 'ORCID ist gerade nicht erreichbar',
	orcid_unavailableBody:
		'Wir konnten ORCID nicht erreichen, um die Verbindung abzuschließen. Es wurde nichts geändert.',
	orcid_unavailableNext:
		'Bitte versuchen Sie es in einigen Minuten erneut mit dem Link, den Sie erhalten haben.',
	wrong_orcidTitle: 'Diese Einladung gilt für eine andere ORCID iD',
	wrong_orcidBody:
		'Sie haben sich mit einer anderen ORCID iD angemeldet als der, an die diese Einladung ging; sie wurde daher nicht verbunden.',
	wrong_orcidNext:
		'Bitte melden Sie sich bei ORCID ab, öffnen Sie die Einladung erneut und melden Sie sich mit der eingeladenen iD an.',
	setup_errorTitle: 'Das Verbinden Ihrer ORCID iD ist gerade nicht möglich',
	setup_errorBody:
		'Die Verbindung zu ORCID ist noch nicht vollständig eingerichtet. Es wurde nichts geändert.',
	setup_errorNext: 'Bitte wenden Sie sich an {org} und versuchen Sie es später erneut.',
	browser_mismatchTitle: 'Bitte im selben Browser abschließen',
	browser_mismatchBody:
		'Diese Anmeldung wurde in einem anderen Browser begonnen (oder Ihr Browser hat unser Cookie nicht behalten) und wurde daher nicht verwendet. Es wurde nichts geändert.',
	browser_mismatchNext:
		'Bitte öffnen Sie Ihren persönlichen Link erneut in diesem Browser und schließen Sie die Anmeldung hier ab.',
	state_usedTitle: 'Diese Anmeldung wurde bereits abgeschlossen',
	state_usedBody:
		'Ihre ORCID iD wurde über diese Anmeldung bereits verbunden; eine Anmeldung kann nur einmal verwendet werden. Es wurde nichts geändert.',
	state_usedNext: 'Um erneut zu verbinden, öffnen Sie Ihren persönlichen Link noch einmal.',
	result_expiredTitle: 'Diese Seite ist nicht mehr verfügbar',
	result_expiredBody:
		'Zum Schutz Ihrer Privatsphäre wird diese Bestätigung nur kurze Zeit angezeigt. Ihre Verbindung ist davon nicht betroffen.',
	result_expiredNext:
		'Wenn Sie nicht sicher sind, ob Ihre iD verbunden ist, wenden Sie sich bitte an {org}.',
	already_connectedTitle: 'Diese ORCID iD ist bereits mit einem anderen Konto verbunden',
	already_connectedBody:
		'Ihre ORCID iD ist bei {org} bereits unter einem anderen Konto verbunden und wurde daher nicht erneut verbunden. Es wurde nichts geändert.',
	already_connectedNext:
		'Bitte wenden Sie sich an {org} (siehe unten): Eine Person prüft, zu welchem Konto sie gehört.',
};

const ES: Strings = {
	explainTitle: 'Conecte su ORCID iD',
	explainHeading: 'Conecte su ORCID iD con {org}',
	aboutOrcidHeading: '¿Qué es ORCID?',
	aboutOrcid:
		'ORCID proporciona un identificador persistente – un ORCID iD – que le distingue de otros investigadores, y un mecanismo para vincular sus resultados y actividades de investigación con su iD.',
	learnMore: 'Más información en orcid.org',
	whatWeDo: 'Qué hará {org}',
	scopeAuthenticate: 'Obtener su ORCID iD, para saber que realmente es suyo.',
	scopeReadLimited:
		'Leer la información de su registro ORCID, incluidos los elementos que solo comparte con partes de confianza.',
	howItWorks:
		'Iniciará sesión en ORCID (o creará un ORCID iD gratuito) y luego decidirá si concede el acceso. Puede revocar el acceso en cualquier momento en la configuración de su cuenta ORCID (Partes de confianza).',
	button: 'Cree o conecte su ORCID iD',
	successTitle: 'Su ORCID iD está conectado',
	successBody: 'Gracias. {org} tiene ahora su ORCID iD autenticado:',
	successBodyNamed: 'Gracias, {name}. {org} tiene ahora su ORCID iD autenticado:',
	continue: 'Continuar',
	revokeHint:
		'Puede revocar este acceso en cualquier momento en «Partes de confianza», en la configuración de su cuenta ORCID.',
	reference: 'Referencia',
	support: '¿Necesita ayuda? Contacte con {support}.',
	supportNoContact: '¿Necesita ayuda? Contacte con {org}.',
	viewRecord: 'Ver el registro ORCID',
	iconAlt: 'Icono de ORCID iD',
	problemCode: 'Respuesta de ORCID: {code}',
	access_deniedTitle: 'No ha concedido el acceso',
	access_deniedBody: 'Ha decidido no conectar su ORCID iD con {org}. No se ha compartido nada.',
	access_deniedNext: 'Si cambia de opinión, vuelva a abrir el enlace que recibió.',
	link_invalidTitle: 'Este enlace no es válido',
	link_invalidBody: 'El enlace está incompleto o ha sido modificado, por lo que no se puede usar.',
	link_invalidNext: 'Abra el enlace tal como lo recibió o pida uno nuevo a {org}.',
	link_expiredTitle: 'Este enlace ha caducado',
	link_expiredBody:
		'Por su seguridad, los enlaces personales solo funcionan durante un tiempo limitado.',
	link_expiredNext: 'Pida un enlace nuevo a {org}.',
	state_invalidTitle: 'No hemos podido verificar este inicio de sesión',
	state_invalidBody:
		'La respuesta de ORCID no corresponde a ningún inicio de sesión comenzado aquí, por lo que no se ha usado.',
	state_invalidNext: 'Vuelva a empezar desde el enlace que recibió.',
	state_expiredTitle: 'Este inicio de sesión ha tardado demasiado',
	state_expiredBody: 'Por su seguridad, la conexión debe completarse en pocos minutos.',
	state_expiredNext: 'Vuelva a empezar desde el enlace que recibió.',
	code_reusedTitle: 'Este inicio de sesión ya se ha utilizado',
	code_reusedBody:
		'Este inicio de sesión en ORCID ya se había completado. Por su seguridad, ORCID lo ha anulado, por lo que es posible que la conexión no esté activa.',
	code_reusedNext: 'Vuelva a empezar desde el enlace que recibió.',
	orcid_errorTitle: 'ORCID no ha podido completar la conexión',
	orcid_errorBody: 'ORCID ha informado de un problema al conectar su iD. No se ha cambiado nada.',
	orcid_errorNext: 'Inténtelo de nuevo desde el enlace que recibió.',
	orcid_unavailableTitle: 'No es posible conectar con ORCID en este momento',
	orcid_unavailableBody:
		'No hemos podido conectar con ORCID para completar la conexión. No se ha cambiado nada.',
	orcid_unavailableNext: 'Inténtelo de nuevo dentro de unos minutos desde el enlace que recibió.',
	wrong_orcidTitle: 'Esta invitación es para otro ORCID iD',
	wrong_orcidBody:
		'Ha iniciado sesión con un ORCID iD distinto del que recibió esta invitación, por lo que no se ha conectado.',
	wrong_orcidNext:
		'Cierre la sesión en ORCID, vuelva a abrir la invitación e inicie sesión con el iD invitado.',
	setup_errorTitle: 'La conexión de su ORCID iD no está disponible en este momento',
	setup_errorBody:
		'La conexión con ORCID no está configurada por completo. No se ha cambiado nada.',
	setup_errorNext: 'Póngase en contacto con {org} y vuelva a intentarlo más tarde.',
	browser_mismatchTitle: 'Termine en el mismo navegador',
	browser_mismatchBody:
		'Este inicio de sesión se empezó en otro navegador (o su navegador no conservó nuestra cookie), por lo que no se ha utilizado. No se ha cambiado nada.',
	browser_mismatchNext:
		'Vuelva a abrir su enlace personal en este navegador y complete el inicio de sesión aquí.',
	state_usedTitle: 'Este inicio de sesión ya se completó',
	state_usedBody:
		'Su ORCID iD ya se conectó con este inicio de sesión; un inicio de sesión solo puede usarse una vez. No se ha cambiado nada.',
	state_usedNext: 'Para volver a conectar, abra de nuevo su enlace personal.',
	result_expiredTitle: 'Esta página ya no está disponible',
	result_expiredBody:
		'Para proteger su privacidad, esta confirmación solo se muestra durante poco tiempo. Su conexión no se ve afectada.',
	result_expiredNext:
		'Si no está seguro de si su iD está conectado, póngase en contacto con {org}.',
	already_connectedTitle: 'Este ORCID iD ya está conectado a otra cuenta',
	already_connectedBody:
		'Su ORCID iD ya está conectado con {org} en otra cuenta, por lo que no se ha vuelto a conectar. No se ha cambiado nada.',
	already_connectedNext:
		'Póngase en contacto con {org} (vea más abajo): una persona comprobará a qué cuenta pertenece.',
};

const STRINGS: Record<PageLanguage, Strings> = {
	en: EN,
	fr: FR,
	de: DE,
	es: ES,
};

/** The first candidate we have strings for ('fr', 'fr-CA', 'fr_FR' → 'fr'); else English. */
export function pickLanguage(...candidates: unknown[]): PageLanguage {
	for (const c of candidates) {
		if (typeof c !== 'string') continue;
		const base = c.trim().toLowerCase().split(/[-_]/)[0];
		if ((PAGE_LANGUAGES as readonly string[]).includes(base)) return base as PageLanguage;
	}
	return 'en';
}

/** The value for ORCID's `lang` parameter, or undefined when ORCID has no such UI language. */
export function orcidUiLanguage(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const v = value.trim();
	const exact = ORCID_UI_LANGUAGES.find(
		(l) => l.toLowerCase() === v.toLowerCase().replace('-', '_'),
	);
	if (exact) return exact;
	const base = v.toLowerCase().split(/[-_]/)[0];
	return ORCID_UI_LANGUAGES.find((l) => l === base);
}

/** Plain (unescaped) string, for the Display operation's text output and tests. */
export function pageString(lang: PageLanguage, key: StringKey): string {
	return STRINGS[lang][key];
}

/** Whether a value names a problem page (e.g. read back from a signed result). */
export function isProblemKind(value: unknown): value is ProblemKind {
	return (
		typeof value === 'string' &&
		/^[a-z_]{1,40}$/.test(value) &&
		[`${value}Title`, `${value}Body`, `${value}Next`].every((key) =>
			Object.prototype.hasOwnProperty.call(EN, key),
		)
	);
}
