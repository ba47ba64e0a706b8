import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `organisation.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const organisationTemplates: Templates = {
  'organisation.structure-deactivated': (d) => ({
    subject: `Liasse — la structure ${d.structureName} a été désactivée`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `La structure ${d.structureName} (${d.identifier}), à laquelle vous êtes rattaché(e), a été désactivée. Elle ne peut plus émettre ni recevoir de factures.`,
      'Si cette désactivation vous surprend, contactez son gestionnaire principal ou le support.',
    ],
  }),
};
