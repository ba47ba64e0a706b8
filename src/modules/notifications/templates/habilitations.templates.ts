import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `habilitations.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const habilitationsTemplates: Templates = {
  'habilitations.membership-requested': (d) => ({
    subject: `Liasse — demande de rattachement à ${d.structureName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `${d.requesterName} (${d.requesterEmail}) demande ${d.kind === 'ATTACHMENT' ? 'son rattachement à' : 'des habilitations supplémentaires sur'} la structure ${d.structureName}.`,
      `Son message : « ${d.comment} »`,
      'Vous pouvez accepter ou refuser cette demande depuis vos validations.',
    ],
    action: { label: 'Voir mes validations', url: d.inboxUrl },
  }),
  'habilitations.membership-approved': (d) => ({
    subject: `Liasse — votre demande pour ${d.structureName} est acceptée`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Votre demande concernant la structure ${d.structureName} a été acceptée.`,
      d.grants.length
        ? `Vos habilitations sur cette structure : ${d.grants.join(' ; ')}.`
        : 'Vous n’avez aucune habilitation sur cette structure pour l’instant.',
      ...(d.comment ? [`Commentaire : « ${d.comment} »`] : []),
    ],
  }),
  'habilitations.membership-refused': (d) => ({
    subject: `Liasse — votre demande pour ${d.structureName} est refusée`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [`Votre demande concernant la structure ${d.structureName} a été refusée.`, `Motif : « ${d.comment} »`],
  }),
  'habilitations.member-attached': (d) => ({
    subject: `Liasse — vous êtes rattaché(e) à ${d.structureName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [`Un gestionnaire vous a rattaché(e) à la structure ${d.structureName}. Elle apparaît désormais dans votre espace.`],
  }),
  'habilitations.attachment-without-account': (d) => ({
    subject: `Liasse — rattachement à ${d.structureName}`,
    greeting: 'Bonjour,',
    paragraphs: [
      `Un gestionnaire de la structure ${d.structureName} (${d.identifier}) a voulu vous y rattacher sur Liasse, mais aucun compte actif n’utilise cette adresse. Vous n’avez pas été rattaché(e).`,
      `Pour rejoindre la structure : créez votre compte avec cette adresse (ou activez-le, ou demandez sa réactivation, s’il existe déjà) depuis ${d.loginUrl}, puis demandez votre rattachement ou prévenez le gestionnaire.`,
    ],
    footnote: 'Si vous ne connaissez pas cette structure, ignorez ce message : rien n’a été créé.',
  }),
  'habilitations.member-detached': (d) => ({
    subject: `Liasse — vous n’êtes plus rattaché(e) à ${d.structureName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [`Vous n’êtes plus rattaché(e) à la structure ${d.structureName} : vous n’avez plus accès à ses données.`],
  }),
  'habilitations.principal-manager-transferred': (d) => ({
    subject: `Liasse — gestionnaire principal de ${d.structureName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      d.role === 'NEW'
        ? `Vous êtes désormais le gestionnaire principal de la structure ${d.structureName}.`
        : `Vous n’êtes plus le gestionnaire principal de la structure ${d.structureName} ; vous y restez rattaché(e).`,
    ],
  }),
  'habilitations.billing-mandate-changed': (d) => {
    const validity = d.endDate ? `du ${d.startDate} au ${d.endDate} inclus` : `à partir du ${d.startDate}, jusqu’à révocation`;
    const what = {
      SUBSCRIBED: d.byOwnSide
        ? 'a été souscrit par votre structure ; il attend l’acceptation du gestionnaire principal de l’autre structure.'
        : 'a été souscrit par l’autre structure ; le gestionnaire principal de votre structure peut l’accepter ou le refuser (révocation).',
      ACCEPTED: 'a été accepté : il est actif sur sa période de validité.',
      REVOKED: `a été révoqué par ${d.byOwnSide ? 'votre structure' : 'l’autre structure'} : aucune nouvelle facture ne peut être émise sous ce mandat ; les factures déjà envoyées restent.`,
    }[d.action];
    return {
      subject: `Liasse — mandat de facturation ${d.mandateNumber} ${{ SUBSCRIBED: 'souscrit', ACCEPTED: 'accepté', REVOKED: 'révoqué' }[d.action]}`,
      greeting: `Bonjour ${d.firstName},`,
      paragraphs: [
        `Le mandat de facturation ${d.mandateNumber} ${what}`,
        `Mandant (fournisseur au nom duquel les factures sont émises) : ${d.mandatorName}. Mandataire (qui les émet) : ${d.mandataryName}. Validité : ${validity}.`,
        `Votre structure y est ${d.side === 'MANDATOR' ? 'mandante' : 'mandataire'}.`,
        ...(d.comment ? [`Commentaire : « ${d.comment} »`] : []),
      ],
      action: { label: 'Voir le mandat', url: d.manageUrl },
    };
  },
};
