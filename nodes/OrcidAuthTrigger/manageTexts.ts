/**
 * Texts of the explanation page's data paragraph and scope bullets, the denial page's retry,
 * and the manage page with its confirmations (the older page texts: shared/orcid/languages).
 * Values in {braces} are HTML the caller escaped.
 */
import { escapeHtml } from '../shared/orcid/display';
import type { PageLanguage } from '../shared/orcid/languages';

/** The item kinds a workflow can say it writes (the trigger's Items You Add). */
export const ITEM_KINDS = [
	'works',
	'funding',
	'affiliations',
	'peerReviews',
	'profileLinks',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Write Item's item types per kind: what an opt-out of a kind covers (orcid_opt_outs.item_type). */
export const KIND_ITEM_TYPES: Record<ItemKind, string[]> = {
	works: ['work'],
	funding: ['funding'],
	affiliations: [
		'employment',
		'education',
		'qualification',
		'invited-position',
		'distinction',
		'membership',
		'service',
	],
	peerReviews: ['peer-review'],
	profileLinks: ['researcher-url', 'external-identifier'],
};

const EN = {
	works: 'works',
	funding: 'funding',
	affiliations: 'employments and education',
	peerReviews: 'peer reviews',
	profileLinks: 'a link to your profile page and your institutional identifier',
	and: 'and',
	activitiesKinds: 'Add your {kinds} to your record, and keep the items we added up to date.',
	activitiesNone: 'Add items to your record, and keep the items we added up to date.',
	personLinks: 'Add {kinds} to your record, and keep them up to date.',
	personNone: 'Add and update information about you on your record.',
	storedHeading: 'What we keep',
	stored:
		'{org} keeps your ORCID iD, your name as ORCID gives it, the access ORCID grants and a list of the items it added to your record, until you disconnect.',
	privacy: 'Read {link}.',
	privacyLink: 'the privacy statement of {org}',
	deniedOrcid:
		'ORCID gives you a free, persistent identifier that tells you apart from every other researcher and connects you with your work.',
	deniedWouldKinds:
		'With your permission, {org} would add your {kinds} to your ORCID record for you.',
	deniedWouldId:
		'With your permission, {org} would record your authenticated ORCID iD, so your work is attributed to you.',
	retry: 'Connect your ORCID iD',
	manageTitle: 'Your ORCID connection',
	manageIntro: '{org} is connected to this ORCID iD:',
	sendHeading: 'What {org} sends to your record',
	sendIntro:
		'Untick what you do not want {org} to add to your ORCID record. Items already there stay until you remove them.',
	save: 'Save my choices',
	disconnectHeading: 'Disconnect',
	disconnectIntro:
		'{org} gives up its access to your ORCID record at ORCID and deletes its record of the connection.',
	removeAsk: 'Also remove the items {org} added to my ORCID record',
	removeAlways: 'The items {org} added to your ORCID record are removed too.',
	removeNever:
		'The items {org} added stay on your record; you can delete them yourself on orcid.org.',
	disconnect: 'Disconnect my ORCID iD',
	disconnectedTitle: 'Your ORCID iD is disconnected',
	disconnectedBody:
		'{org} no longer has access to your ORCID record, and the connection was deleted from its records.',
	disconnectedItems: 'The items {org} had added to your record were removed.',
	disconnectedAgain: 'You can connect again at any time with a new link from {org}.',
	savedTitle: 'Your choices are saved',
	savedOff: '{org} will not send these to your ORCID record:',
	savedNone: '{org} may send everything listed on the previous page to your ORCID record.',
	manageAgain: 'Change my choices',
	receivedTitle: 'Your request was received',
	receivedBody: '{org} is carrying it out now; this takes a few minutes.',
	manage_failedTitle: 'Your request could not be completed',
	manage_failedBody:
		'Please try again later: sending it again is safe. If it keeps failing, contact {org}.',
	not_connectedTitle: 'This ORCID iD is not connected',
	not_connectedBody: '{org} has no connection with this ORCID iD, so there was nothing to change.',
	form_refusedTitle: 'We could not accept this request',
	form_refusedBody:
		'For your security, changes are accepted only from the page we showed you, in the same browser, for a short time. Please open your link again.',
};

export type ManageKey = keyof typeof EN;

const FR: Record<ManageKey, string> = {
	works: 'travaux',
	funding: 'financements',
	affiliations: 'emplois et formations',
	peerReviews: 'évaluations par les pairs',
	profileLinks: 'un lien vers votre page de profil et votre identifiant institutionnel',
	and: 'et',
	activitiesKinds:
		'Ajouter vos {kinds} à votre dossier et tenir à jour les éléments que nous avons ajoutés.',
	activitiesNone:
		'Ajouter des éléments à votre dossier et tenir à jour les éléments que nous avons ajoutés.',
	personLinks: 'Ajouter {kinds} à votre dossier et les tenir à jour.',
	personNone: 'Ajouter et mettre à jour des informations vous concernant dans votre dossier.',
	storedHeading: 'Ce que nous conservons',
	stored:
		'{org} conserve votre ORCID iD, votre nom tel qu’ORCID le fournit, l’accès accordé par ORCID et la liste des éléments ajoutés à votre dossier, jusqu’à ce que vous vous déconnectiez.',
	privacy: 'Lire {link}.',
	privacyLink: 'la déclaration de confidentialité de {org}',
	deniedOrcid:
		'ORCID vous donne un identifiant gratuit et pérenne qui vous distingue de tout autre chercheur et vous relie à vos travaux.',
	deniedWouldKinds:
		'Avec votre autorisation, {org} ajouterait pour vous vos {kinds} à votre dossier ORCID.',
	deniedWouldId:
		'Avec votre autorisation, {org} enregistrerait votre ORCID iD authentifié, afin que vos travaux vous soient attribués.',
	retry: 'Connecter votre ORCID iD',
	manageTitle: 'Votre connexion ORCID',
	manageIntro: '{org} est connecté à cet ORCID iD :',
	sendHeading: 'Ce que {org} envoie à votre dossier',
	sendIntro:
		'Décochez ce que {org} ne doit pas ajouter à votre dossier ORCID. Les éléments déjà présents restent jusqu’à ce que vous les supprimiez.',
	save: 'Enregistrer mes choix',
	disconnectHeading: 'Se déconnecter',
	disconnectIntro:
		'{org} renonce à son accès à votre dossier auprès d’ORCID et supprime son enregistrement de la connexion.',
	removeAsk: 'Supprimer aussi les éléments que {org} a ajoutés à mon dossier ORCID',
	removeAlways: 'Les éléments que {org} a ajoutés à votre dossier ORCID sont aussi supprimés.',
	removeNever:
		'Les éléments que {org} a ajoutés restent dans votre dossier ; vous pouvez les supprimer vous-même sur orcid.org.',
	disconnect: 'Déconnecter mon ORCID iD',
	disconnectedTitle: 'Votre ORCID iD est déconnecté',
	disconnectedBody:
		'{org} n’a plus accès à votre dossier ORCID, et la connexion a été supprimée de ses registres.',
	disconnectedItems: 'Les éléments que {org} avait ajoutés à votre dossier ont été supprimés.',
	disconnectedAgain: 'Vous pouvez vous reconnecter à tout moment avec un nouveau lien de {org}.',
	savedTitle: 'Vos choix sont enregistrés',
	savedOff: '{org} n’enverra pas ceci à votre dossier ORCID :',
	savedNone:
		'{org} peut envoyer à votre dossier ORCID tout ce qui figurait sur la page précédente.',
	manageAgain: 'Modifier mes choix',
	receivedTitle: 'Votre demande a été reçue',
	receivedBody: '{org} la traite maintenant ; cela prend quelques minutes.',
	manage_failedTitle: 'Votre demande n’a pas pu aboutir',
	manage_failedBody:
		'Réessayez plus tard : la renvoyer est sans risque. Si l’échec persiste, contactez {org}.',
	not_connectedTitle: 'Cet ORCID iD n’est pas connecté',
	not_connectedBody: '{org} n’a aucune connexion avec cet ORCID iD ; il n’y avait rien à modifier.',
	form_refusedTitle: 'Nous n’avons pas pu accepter cette demande',
	form_refusedBody:
		'Pour votre sécurité, les modifications ne sont acceptées que depuis la page que nous vous avons affichée, dans le même navigateur et pendant peu de temps. Veuillez rouvrir votre lien.',
};

const DE: Record<ManageKey, string> = {
	works: 'Werke',
	funding: 'Förderungen',
	affiliations: 'Anstellungen und Ausbildungen',
	peerReviews: 'Begutachtungen',
	profileLinks: 'einen Link zu Ihrer Profilseite und Ihre institutionelle Kennung',
	and: 'und',
	activitiesKinds:
		'Ihre {kinds} zu Ihrem Datensatz hinzufügen und die von uns hinzugefügten Einträge aktuell halten.',
	activitiesNone:
		'Einträge zu Ihrem Datensatz hinzufügen und die von uns hinzugefügten Einträge aktuell halten.',
	personLinks: '{kinds} zu Ihrem Datensatz hinzufügen und aktuell halten.',
	personNone: 'Angaben zu Ihrer Person in Ihrem Datensatz hinzufügen und aktualisieren.',
	storedHeading: 'Was wir speichern',
	stored:
		'{org} speichert Ihre ORCID iD, Ihren Namen wie ORCID ihn liefert, den von ORCID gewährten Zugriff und eine Liste der Einträge, die es Ihrem Datensatz hinzugefügt hat, bis Sie die Verbindung trennen.',
	privacy: 'Lesen Sie {link}.',
	privacyLink: 'die Datenschutzerklärung von {org}',
	deniedOrcid:
		'ORCID gibt Ihnen eine kostenlose, dauerhafte Kennung, die Sie von allen anderen Forschenden unterscheidet und mit Ihren Arbeiten verbindet.',
	deniedWouldKinds:
		'Mit Ihrer Erlaubnis würde {org} Ihre {kinds} für Sie in Ihren ORCID-Datensatz eintragen.',
	deniedWouldId:
		'Mit Ihrer Erlaubnis würde {org} Ihre authentifizierte ORCID iD erfassen, damit Ihre Arbeiten Ihnen zugeordnet werden.',
	retry: 'Ihre ORCID iD verbinden',
	manageTitle: 'Ihre ORCID-Verbindung',
	manageIntro: '{org} ist mit dieser ORCID iD verbunden:',
	sendHeading: 'Was {org} an Ihren Datensatz sendet',
	sendIntro:
		'Entfernen Sie das Häkchen bei allem, was {org} nicht zu Ihrem ORCID-Datensatz hinzufügen soll. Bereits vorhandene Einträge bleiben, bis Sie sie löschen.',
	save: 'Meine Auswahl speichern',
	disconnectHeading: 'Verbindung trennen',
	disconnectIntro:
		'{org} gibt seinen Zugriff auf Ihren Datensatz bei ORCID auf und löscht seine Aufzeichnung der Verbindung.',
	removeAsk: 'Auch die Einträge entfernen, die {org} meinem ORCID-Datensatz hinzugefügt hat',
	removeAlways:
		'Die Einträge, die {org} Ihrem ORCID-Datensatz hinzugefügt hat, werden ebenfalls entfernt.',
	removeNever:
		'Die Einträge, die {org} hinzugefügt hat, bleiben in Ihrem Datensatz; Sie können sie selbst auf orcid.org löschen.',
	disconnect: 'Meine ORCID iD trennen',
	disconnectedTitle: 'Ihre ORCID iD ist getrennt',
	disconnectedBody:
		'{org} hat keinen Zugriff mehr auf Ihren ORCID-Datensatz, und die Verbindung wurde aus seinen Unterlagen gelöscht.',
	disconnectedItems: 'Die Einträge, die {org} Ihrem Datensatz hinzugefügt hatte, wurden entfernt.',
	disconnectedAgain: 'Sie können sich jederzeit mit einem neuen Link von {org} wieder verbinden.',
	savedTitle: 'Ihre Auswahl ist gespeichert',
	savedOff: '{org} sendet dies nicht an Ihren ORCID-Datensatz:',
	savedNone: '{org} darf alles auf der vorigen Seite Genannte an Ihren ORCID-Datensatz senden.',
	manageAgain: 'Meine Auswahl ändern',
	receivedTitle: 'Ihre Anfrage ist eingegangen',
	receivedBody: '{org} führt sie jetzt aus; das dauert einige Minuten.',
	manage_failedTitle: 'Ihre Anfrage konnte nicht ausgeführt werden',
	manage_failedBody:
		'Bitte versuchen Sie es später erneut; erneutes Senden schadet nicht. Wenn es weiter fehlschlägt, wenden Sie sich an {org}.',
	not_connectedTitle: 'Diese ORCID iD ist nicht verbunden',
	not_connectedBody: '{org} hat keine Verbindung mit dieser ORCID iD; es gab nichts zu ändern.',
	form_refusedTitle: 'Wir konnten diese Anfrage nicht annehmen',
	form_refusedBody:
		'Zu Ihrer Sicherheit werden Änderungen nur von der Seite angenommen, die wir Ihnen gezeigt haben, im selben Browser und für kurze Zeit. Bitte öffnen Sie Ihren Link erneut.',
};

const ES: Record<ManageKey, string> = {
	works: 'obras',
	funding: 'financiaciones',
	affiliations: 'empleos y formación',
	peerReviews: 'revisiones por pares',
	profileLinks: 'un enlace a su página de perfil y su identificador institucional',
	and: 'y',
	activitiesKinds:
		'Añadir sus {kinds} a su registro y mantener al día los elementos que hayamos añadido.',
	activitiesNone:
		'Añadir elementos a su registro y mantener al día los elementos que hayamos añadido.',
	personLinks: 'Añadir {kinds} a su registro y mantenerlos al día.',
	personNone: 'Añadir y actualizar información sobre usted en su registro.',
	storedHeading: 'Qué conservamos',
	stored:
		'{org} conserva su ORCID iD, su nombre tal como lo da ORCID, el acceso que concede ORCID y una lista de los elementos que añadió a su registro, hasta que se desconecte.',
	privacy: 'Lea {link}.',
	privacyLink: 'la declaración de privacidad de {org}',
	deniedOrcid:
		'ORCID le da un identificador gratuito y persistente que le distingue de cualquier otro investigador y le vincula con su trabajo.',
	deniedWouldKinds: 'Con su permiso, {org} añadiría por usted sus {kinds} a su registro ORCID.',
	deniedWouldId:
		'Con su permiso, {org} registraría su ORCID iD autenticado, para que su trabajo se le atribuya.',
	retry: 'Conectar su ORCID iD',
	manageTitle: 'Su conexión con ORCID',
	manageIntro: '{org} está conectado con este ORCID iD:',
	sendHeading: 'Qué envía {org} a su registro',
	sendIntro:
		'Desmarque lo que no quiera que {org} añada a su registro ORCID. Lo que ya está allí permanece hasta que usted lo elimine.',
	save: 'Guardar mis opciones',
	disconnectHeading: 'Desconectar',
	disconnectIntro:
		'{org} renuncia a su acceso a su registro en ORCID y borra su registro de la conexión.',
	removeAsk: 'Eliminar también los elementos que {org} añadió a mi registro ORCID',
	removeAlways: 'Los elementos que {org} añadió a su registro ORCID también se eliminan.',
	removeNever:
		'Los elementos que {org} añadió permanecen en su registro; puede eliminarlos usted mismo en orcid.org.',
	disconnect: 'Desconectar mi ORCID iD',
	disconnectedTitle: 'Su ORCID iD está desconectado',
	disconnectedBody:
		'{org} ya no tiene acceso a su registro ORCID y la conexión se ha borrado de sus registros.',
	disconnectedItems: 'Los elementos que {org} había añadido a su registro se han eliminado.',
	disconnectedAgain: 'Puede volver a conectarse en cualquier momento con un nuevo enlace de {org}.',
	savedTitle: 'Sus opciones se han guardado',
	savedOff: '{org} no enviará esto a su registro ORCID:',
	savedNone: '{org} puede enviar a su registro ORCID todo lo indicado en la página anterior.',
	manageAgain: 'Cambiar mis opciones',
	receivedTitle: 'Hemos recibido su solicitud',
	receivedBody: '{org} la está llevando a cabo; tarda unos minutos.',
	manage_failedTitle: 'No se pudo completar su solicitud',
	manage_failedBody:
		'Inténtelo más tarde: enviarla de nuevo no tiene riesgo. Si sigue fallando, póngase en contacto con {org}.',
	not_connectedTitle: 'Este ORCID iD no está conectado',
	not_connectedBody:
		'{org} no tiene ninguna conexión con este ORCID iD; no había nada que cambiar.',
	form_refusedTitle: 'No pudimos aceptar esta solicitud',
	form_refusedBody:
		'Por su seguridad, los cambios solo se aceptan desde la página que le mostramos, en el mismo navegador y durante poco tiempo. Vuelva a abrir su enlace.',
};

const TEXTS: Record<PageLanguage, Record<ManageKey, string>> = { en: EN, fr: FR, de: DE, es: ES };

/** A text as HTML: the template escaped, {vars} (already HTML) put in. */
export function manageText(
	lang: PageLanguage,
	key: ManageKey,
	vars: Record<string, string> = {},
): string {
	return escapeHtml(TEXTS[lang][key]).replace(/\{(\w+)\}/g, (m, name: string) =>
		Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : m,
	);
}

/** "works, funding and peer reviews", escaped. */
export function kindList(lang: PageLanguage, kinds: readonly ItemKind[]): string {
	const names = kinds.map((k) => escapeHtml(TEXTS[lang][k]));
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} ${escapeHtml(TEXTS[lang].and)} ${names[names.length - 1]}`;
}

export function isItemKind(value: unknown): value is ItemKind {
	return typeof value === 'string' && (ITEM_KINDS as readonly string[]).includes(value);
}
