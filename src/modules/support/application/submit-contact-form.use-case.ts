import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { CaptchaVerifier } from '../../accounts/contracts/captcha';
import { CONTACT_FORM_DEFAULT_SUB_CATEGORY } from '../domain/support-reference';
import { SupportErrors } from '../domain/support.errors';
import { TicketActivity } from '../domain/ticket-activity.entity';
import { Ticket } from '../domain/ticket.entity';
import { activeSubCategory } from './categories';
import { nextTicketNumber } from './ticket-numbers';

export interface ContactFormInput {
  email: string;
  firstName: string;
  lastName: string;
  subCategoryCode?: string;
  title: string;
  description: string;
  captchaId?: string;
  captchaAnswer?: string;
}

/**
 * The public contact form, for people who cannot log in: a platform ticket with no emitting structure,
 * answered by administrators; the author gets a confirmation e-mail with the ticket number.
 */
@Injectable()
export class SubmitContactForm {
  constructor(
    private readonly em: EntityManager,
    private readonly captcha: CaptchaVerifier,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(input: ContactFormInput): Promise<void> {
    await this.captcha.verify(input.captchaId, input.captchaAnswer);
    const { category, subCategory } = await activeSubCategory(this.em, input.subCategoryCode ?? CONTACT_FORM_DEFAULT_SUB_CATEGORY);
    if (subCategory.routing !== 'PLATFORM') throw new DomainError(SupportErrors.BUSINESS_CATEGORY_NOT_ALLOWED, {}, 'subCategoryCode');
    await this.em.transactional(async (em) => {
      const now = this.clock.now();
      const ticket = new Ticket({
        number: await nextTicketNumber(em),
        categoryCode: category.code,
        categoryLabel: category.label,
        subCategoryCode: subCategory.code,
        subCategoryLabel: subCategory.label,
        routing: 'PLATFORM',
        contactEmail: input.email.trim().toLowerCase(),
        title: input.title.trim(),
        description: input.description.trim(),
        now,
      });
      ticket.contactName = `${input.firstName.trim()} ${input.lastName.trim()}`.trim();
      em.persist(ticket);
      em.persist(new TicketActivity({ ticketId: ticket.id, kind: 'CREATED', at: now, side: 'EMITTER', actorKind: 'anonymous', actorId: null, toStatus: 'OUVERT' }));
      this.outbox.record(em, 'support.ticket-opened', { ticketId: ticket.id, viaContactForm: true });
    });
  }
}
