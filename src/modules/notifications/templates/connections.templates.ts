import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `connections.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const connectionsTemplates: Templates = {
  'connections.technical-account-created': (d) => ({
    subject: `Liasse — nouveau compte technique pour ${d.structureName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `${d.creatorName} (${d.creatorEmail}) a créé le compte technique ${d.login}${d.label ? ` (« ${d.label} »)` : ''} pour ${d.structureName} (${d.identifier}).`,
      `Habilitations demandées : ${d.grants}. Le compte n’a jamais plus de droits que son créateur, et cesse de fonctionner s’il quitte la structure.`,
      'Si cette création ne vous paraît pas légitime, désactivez le compte depuis les raccordements de la structure.',
    ],
    action: { label: 'Voir les comptes techniques', url: d.link },
  }),
  'connections.technical-account-expiring': (d) => ({
    subject: `Liasse — le compte technique ${d.login} expire le ${d.expiresOn}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Le mot de passe du compte technique ${d.login}${d.label ? ` (« ${d.label} »)` : ''} de ${d.structureName} (${d.identifier}) expire le ${d.expiresOn}, dans ${d.daysLeft} jour${d.daysLeft > 1 ? 's' : ''}.`,
      'Passé cette date, les logiciels (ERP) qui l’utilisent dans l’en-tête cpro-account seront refusés (401).',
      'Générez un nouveau mot de passe depuis les raccordements de la structure, puis mettez-le à jour dans votre logiciel.',
    ],
    action: { label: 'Gérer les raccordements', url: d.link },
  }),
};
