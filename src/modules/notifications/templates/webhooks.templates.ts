import { MailTemplateData } from '../contracts/mail';
import { MailContent } from './layout';

type Templates = { [K in keyof MailTemplateData as K extends `webhooks.${string}` ? K : never]: (d: MailTemplateData[K]) => MailContent };

export const webhooksTemplates: Templates = {
  'webhooks.subscription-paused': (d) => ({
    subject: `Liasse — webhook suspendu pour ${d.structureName}`,
    greeting: `Bonjour ${d.firstName},`,
    paragraphs: [
      `Les événements de ${d.structureName} ne sont plus envoyés à ${d.url} : ${d.failures} tentatives de livraison consécutives ont échoué.`,
      'Les événements restent conservés : une fois l’adresse réparée, réactivez l’abonnement (POST /api/v1/webhooks/{id}/resume) et ils seront livrés dans l’ordre.',
    ],
    action: { label: 'Gérer les raccordements', url: d.link },
  }),
};
