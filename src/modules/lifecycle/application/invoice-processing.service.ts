import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { LifecycleView } from '../contracts/lifecycle';
import { HistoryEntry, InvoiceProcessing, InvoiceToValidate } from '../contracts/processing';
import { INVOICE_STATUS_LABELS, INVOICE_STATUSES, isInvoiceStatus } from '../domain/invoice-status';
import { allowedTransitions } from '../domain/status-machine';
import { AcknowledgeRejection, ChangeInvoiceStatus, CompleteInvoice, RecycleInvoice } from './processing.use-cases';
import { GetInvoiceHistory, GetInvoicesToValidate, VALIDATOR_VISIBLE_STATUSES } from './read.use-cases';

@Injectable()
export class InvoiceProcessingService extends InvoiceProcessing {
  constructor(
    private readonly change: ChangeInvoiceStatus,
    private readonly completion: CompleteInvoice,
    private readonly recycling: RecycleInvoice,
    private readonly acknowledgement: AcknowledgeRejection,
    private readonly historyOf: GetInvoiceHistory,
    private readonly validatorList: GetInvoicesToValidate,
  ) {
    super();
  }

  changeStatus(actor: Actor, invoiceId: string, input: { status: string; reason?: string; mandateNumber?: string }): Promise<LifecycleView> {
    return this.change.execute(actor, invoiceId, input);
  }

  complete(actor: Actor, invoiceId: string, comment?: string): Promise<LifecycleView> {
    return this.completion.execute(actor, invoiceId, comment);
  }

  recycle(
    actor: Actor,
    invoiceId: string,
    routing: { recipientStructureId?: string; recipientServiceCode?: string | null; engagementNumber?: string | null; comment?: string },
  ): Promise<LifecycleView> {
    return this.recycling.execute(actor, invoiceId, routing);
  }

  acknowledgeRejection(actor: Actor, invoiceId: string): Promise<LifecycleView> {
    return this.acknowledgement.execute(actor, invoiceId);
  }

  decideValidation(actor: Actor, invoiceId: string, input: { status: string; reason?: string }): Promise<LifecycleView> {
    return this.change.execute(actor, invoiceId, input, 'VALIDATOR');
  }

  toValidate(actor: Actor, statuses?: readonly string[]): Promise<InvoiceToValidate[]> {
    return this.validatorList.execute(actor, statuses?.filter(isInvoiceStatus));
  }

  validatorStatuses(): string[] {
    return [...VALIDATOR_VISIBLE_STATUSES];
  }

  async history(actor: Actor, invoiceId: string): Promise<HistoryEntry[]> {
    return (await this.historyOf.execute(actor, invoiceId)).map(({ seq, status, labelFr, reformCode, at, actorKind, actorId, comment, mandateNumber }) => ({
      seq,
      status,
      labelFr,
      reformCode,
      at,
      actorKind,
      actorId,
      comment,
      mandateNumber,
    }));
  }

  recipientTargetsFrom(status: string): string[] {
    return isInvoiceStatus(status) ? allowedTransitions(status, 'RECIPIENT') : [];
  }

  statuses(): { code: string; labelFr: string; labelEn: string }[] {
    return INVOICE_STATUSES.map((code) => ({ code, labelFr: INVOICE_STATUS_LABELS[code].fr, labelEn: INVOICE_STATUS_LABELS[code].en }));
  }
}
