import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `connections.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const connectionsTemplates: Templates = {
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
