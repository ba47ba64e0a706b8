import { MailTemplate, MailTemplateData } from '../contracts/mail';
import { accountsTemplates } from './accounts.templates';
import { connectionsTemplates } from './connections.templates';
import { engagementsTemplates } from './engagements.templates';
import { habilitationsTemplates } from './habilitations.templates';
import { invoicingTemplates } from './invoicing.templates';
import { organisationTemplates } from './organisation.templates';
import { supportTemplates } from './support.templates';
import { webhooksTemplates } from './webhooks.templates';
import { MailContent, render, RenderedMail } from './layout';

type AllTemplates = { [K in MailTemplate]: (d: MailTemplateData[K]) => MailContent };

/** The compiler checks that every template named in the contract has a text. */
const templates: AllTemplates = {
  ...accountsTemplates,
  ...organisationTemplates,
  ...habilitationsTemplates,
  ...invoicingTemplates,
  ...supportTemplates,
  ...connectionsTemplates,
  ...webhooksTemplates,
  ...engagementsTemplates,
};

export function renderMail<T extends MailTemplate>(template: T, data: MailTemplateData[T]): RenderedMail {
  return render(templates[template](data));
}
