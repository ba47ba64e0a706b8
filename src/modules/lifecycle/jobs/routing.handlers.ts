import { Injectable } from '@nestjs/common';
import { DomainEventEnvelope } from '../../../shared/events/domain-event';
import { DomainEventHandler, OnDomainEvent } from '../../../shared/queue/handlers';
import { RouteInvoice } from '../application/processing.use-cases';

@OnDomainEvent('invoicing.invoice-submitted', 'lifecycle.route-submitted-invoice')
@Injectable()
export class RouteSubmittedInvoice implements DomainEventHandler<'invoicing.invoice-submitted'> {
  constructor(private readonly route: RouteInvoice) {}
  handle(event: DomainEventEnvelope<'invoicing.invoice-submitted'>): Promise<void> {
    return this.route.execute(event.payload.invoiceId);
  }
}

@OnDomainEvent('lifecycle.invoice-validated', 'lifecycle.route-validated-invoice')
@Injectable()
export class RouteValidatedInvoice implements DomainEventHandler<'lifecycle.invoice-validated'> {
  constructor(private readonly route: RouteInvoice) {}
  handle(event: DomainEventEnvelope<'lifecycle.invoice-validated'>): Promise<void> {
    return this.route.execute(event.payload.invoiceId);
  }
}

@OnDomainEvent('lifecycle.invoice-recycled', 'lifecycle.route-recycled-invoice')
@Injectable()
export class RouteRecycledInvoice implements DomainEventHandler<'lifecycle.invoice-recycled'> {
  constructor(private readonly route: RouteInvoice) {}
  handle(event: DomainEventEnvelope<'lifecycle.invoice-recycled'>): Promise<void> {
    return this.route.execute(event.payload.invoiceId);
  }
}
