import { Global, Module } from '@nestjs/common';
import { LifecycleController } from './api/lifecycle.controller';
import { InvoiceLifecycleService } from './application/invoice-lifecycle.service';
import { LifecycleAccess } from './application/lifecycle-access';
import { GetInvoiceNotificationPreferences, SetInvoiceNotificationPreference } from './application/notification-preferences.use-cases';
import { AcknowledgeRejection, ChangeInvoiceStatus, CompleteInvoice, RecycleInvoice, RouteInvoice } from './application/processing.use-cases';
import { GetAllowedTransitions, GetInvoiceHistory, GetInvoicesToValidate, GetSupplierWorklist } from './application/read.use-cases';
import { Transitions } from './application/transitions';
import './contracts/events';
import { InvoiceLifecycle } from './contracts/lifecycle';
import { InvoiceProcessing } from './contracts/processing';
import { InvoiceProcessingService } from './application/invoice-processing.service';
import { MailOnStatusChange } from './jobs/notification.handlers';
import { RouteRecycledInvoice, RouteSubmittedInvoice, RouteValidatedInvoice } from './jobs/routing.handlers';

/** Status machine, history, recipient processing, supplier actions, payment deadline, invoice e-mails. */
@Global()
@Module({
  controllers: [LifecycleController],
  providers: [
    Transitions,
    LifecycleAccess,
    ChangeInvoiceStatus,
    CompleteInvoice,
    RecycleInvoice,
    AcknowledgeRejection,
    RouteInvoice,
    GetInvoiceHistory,
    GetAllowedTransitions,
    GetSupplierWorklist,
    GetInvoicesToValidate,
    GetInvoiceNotificationPreferences,
    SetInvoiceNotificationPreference,
    RouteSubmittedInvoice,
    RouteRecycledInvoice,
    RouteValidatedInvoice,
    MailOnStatusChange,
    { provide: InvoiceLifecycle, useClass: InvoiceLifecycleService },
    { provide: InvoiceProcessing, useClass: InvoiceProcessingService },
  ],
  exports: [InvoiceLifecycle, InvoiceProcessing],
})
export class LifecycleModule {}
