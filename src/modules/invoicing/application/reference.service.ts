import { Injectable } from '@nestjs/common';
import { InvoicingReference, ReferenceEntry, ReferenceListName } from '../contracts/api-mode';
import {
  ATTACHMENT_TYPES,
  BILLING_FRAMEWORKS,
  COUNTRIES,
  CURRENCIES,
  DEPOSIT_MODES,
  FLOW_STATES,
  FLOW_SYNTAXES,
  INVOICE_TYPES,
  PAYMENT_MODES,
  VAT_RATES,
  VAT_EXEMPTION_REASONS,
  VAT_REGIMES,
} from '../domain/reference';

const plain = (items: readonly { code: string; labelFr: string; labelEn: string }[]): ReferenceEntry[] =>
  items.map(({ code, labelFr, labelEn }) => ({ code, labelFr, labelEn }));

/** The reference lists of invoicing (domain/reference) as plain data for the API mode. */
@Injectable()
export class InvoicingReferenceService extends InvoicingReference {
  list(name: ReferenceListName): ReferenceEntry[] {
    switch (name) {
      case 'vatRates':
        return VAT_RATES.map((r) => ({ code: r.code, labelFr: r.labelFr, labelEn: r.labelEn, extra: { rate: r.rateNumber, value: r.rate } }));
      case 'currencies':
        return plain(CURRENCIES);
      case 'countries':
        return plain(COUNTRIES);
      case 'depositModes':
        return DEPOSIT_MODES.map((m) => ({ code: m.code, labelFr: m.labelFr, labelEn: m.labelEn, extra: { supported: m.supported } }));
      case 'paymentModes':
        return plain(PAYMENT_MODES);
      case 'billingFrameworks':
        return BILLING_FRAMEWORKS.map((f) => ({ code: f.code, labelFr: f.labelFr, labelEn: f.labelEn, extra: { supported: f.supported } }));
      case 'invoiceTypes':
        return plain(INVOICE_TYPES);
      case 'vatRegimes':
        return plain(VAT_REGIMES);
      case 'attachmentTypes':
        return plain(ATTACHMENT_TYPES);
      case 'flowSyntaxes':
        return plain(FLOW_SYNTAXES);
      case 'flowStates':
        return plain(FLOW_STATES);
      case 'vatExemptionReasons':
        return plain(VAT_EXEMPTION_REASONS);
    }
  }
}
