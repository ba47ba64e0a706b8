import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

/** ` (« title »)`, or nothing when the title may not be shown to the addressee. */
const titled = (title: string | null): string => (title ? ` (« ${title} »)` : '');

type Templates = { [K in keyof MailTemplateData as K extends `support.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const supportTemplates: Templates = {
  'support.ticket-opened': (d) => ({
    subject: `Liasse — nouvelle sollicitation ${d.ticketNumber}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `${d.emitterName} a ouvert la sollicitation ${d.ticketNumber} : « ${d.title} ».`,
      `Catégorie : ${d.categoryLabel} — ${d.subCategoryLabel}.`,
      'Vous pouvez y répondre, demander des informations complémentaires ou la résoudre depuis vos sollicitations reçues.',
    ],
    action: { label: 'Voir la sollicitation', url: d.link },
  }),
  'support.information-requested': (d) => ({
    subject: `Liasse — informations demandées sur la sollicitation ${d.ticketNumber}`,
    greeting: 'Bonjour,',
    paragraphs: [`Des informations complémentaires sont demandées sur votre sollicitation ${d.ticketNumber}${titled(d.title)} :`, `« ${d.message} »`, 'Répondez depuis la sollicitation pour qu’elle soit de nouveau traitée.'],
    action: { label: 'Répondre', url: d.link },
  }),
  'support.ticket-resolved': (d) => ({
    subject: `Liasse — sollicitation ${d.ticketNumber} résolue`,
    greeting: 'Bonjour,',
    paragraphs: [
      `Votre sollicitation ${d.ticketNumber}${titled(d.title)} a reçu une réponse :`,
      `« ${d.message} »`,
      'Si la réponse vous convient, fermez la sollicitation ; sinon, renvoyez-la avec vos remarques.',
    ],
    action: { label: 'Voir la réponse', url: d.link },
  }),
  'support.emitter-answered': (d) => ({
    subject: `Liasse — ${d.reopened ? 'sollicitation renvoyée' : 'réponse reçue'} : ${d.ticketNumber}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      d.reopened
        ? `L’émetteur de la sollicitation ${d.ticketNumber} (« ${d.title} ») n’est pas satisfait de la réponse et l’a renvoyée :`
        : `L’émetteur de la sollicitation ${d.ticketNumber} (« ${d.title} ») a répondu à votre demande d’informations :`,
      `« ${d.message} »`,
    ],
    action: { label: 'Voir la sollicitation', url: d.link },
  }),
  'support.message-added': (d) => ({
    subject: `Liasse — nouveau message sur la sollicitation ${d.ticketNumber}`,
    greeting: d.firstName ? `Bonjour ${d.firstName},` : 'Bonjour,',
    paragraphs: [
      d.fromEmitter
        ? `L’émetteur de la sollicitation ${d.ticketNumber}${titled(d.title)} a ajouté un message :`
        : `Un nouveau message a été ajouté à votre sollicitation ${d.ticketNumber}${titled(d.title)} :`,
      `« ${d.message} »`,
    ],
    action: { label: 'Voir la sollicitation', url: d.link },
  }),
  // Fixed text and the reference only: the address was typed by an anonymous sender (see the contract).
  'support.contact-received': (d) => ({
    subject: `Liasse — votre demande ${d.ticketNumber} est enregistrée`,
    greeting: 'Bonjour,',
    paragraphs: [
      `Votre demande adressée au support de la plateforme Liasse est enregistrée sous le numéro ${d.ticketNumber}.`,
      'Le support vous répondra à cette adresse e-mail. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
    ],
  }),
};
