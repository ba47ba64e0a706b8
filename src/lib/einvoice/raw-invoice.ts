import type { XmlElement } from './safe-xml';
import { attributeOf, select, textAt } from './xml-query';

/**
 * What a syntax reader found, and where, before any business check. UBL and CII readers only know
 * *where* each business term lives; the shared normaliser decides what is valid, so both syntaxes
 * give the same errors for the same mistakes.
 */

/** A value looked up at `path`; `value` is undefined when the element is absent or blank. */
export interface Slot {
  readonly path: string;
  readonly value?: string;
}

export interface DateSlot extends Slot {
  /** CII `format` attribute (102 = YYYYMMDD); undefined for UBL. */
  readonly format?: string;
  readonly style: 'ISO' | 'CII';
}

export interface RawPartyId {
  readonly value: string;
  readonly scheme?: string;
  readonly path: string;
}

export interface RawParty {
  readonly role: 'supplier' | 'recipient';
  /** Syntax name of the party, for messages: AccountingCustomerParty, BuyerTradeParty… */
  readonly element: string;
  readonly path: string;
  /** Relative places that were searched for identifiers, for messages. */
  readonly searchedPlaces: readonly string[];
  readonly ids: readonly RawPartyId[];
  readonly name?: string;
  readonly vatNumber?: string;
}

export interface RawVatBreakdown {
  readonly path: string;
  readonly taxableAmount: Slot;
  readonly vatAmount: Slot;
  readonly category: Slot;
  readonly rate: Slot;
  readonly exemptionReason: Slot;
  readonly exemptionReasonCode: Slot;
}

/** An allowance or charge, document (BG-20/21) or line (BG-27/28) level. */
export interface RawAllowanceCharge {
  readonly path: string;
  readonly level: 'document' | 'line';
  /** "true" for a charge, "false" for an allowance (xs:boolean: also 1 / 0). */
  readonly indicator: Slot;
  readonly amount: Slot;
  readonly baseAmount: Slot;
  readonly percentage: Slot;
  readonly reasonCode: Slot;
  readonly reason: Slot;
  readonly vatCategory: Slot;
  readonly vatRate: Slot;
}

export interface RawPeriod {
  readonly start: DateSlot;
  readonly end: DateSlot;
}

export interface RawLine {
  readonly path: string;
  readonly number: Slot;
  readonly description: Slot;
  readonly quantity: Slot;
  readonly unitCode?: string;
  readonly unitPrice: Slot;
  readonly priceBaseQuantity: Slot;
  readonly grossPrice: Slot;
  readonly priceDiscount: Slot;
  readonly netAmount: Slot;
  readonly vatCategory: Slot;
  readonly vatRate: Slot;
  readonly allowanceCharges: readonly RawAllowanceCharge[];
  readonly period: RawPeriod;
}

export interface RawPrecedingInvoice {
  readonly number: Slot;
  readonly issueDate: DateSlot;
}

export interface RawAttachment {
  readonly path: string;
  readonly id: Slot;
  readonly description: Slot;
  /** BT-125 base64 text, its `mimeCode` and `filename` attributes. */
  readonly content: Slot;
  readonly mimeCode?: string;
  readonly fileName?: string;
  readonly uri?: string;
}

export interface RawInvoice {
  readonly syntax: 'UBL' | 'CII';
  readonly number: Slot;
  readonly issueDate: DateSlot;
  readonly typeCode: Slot;
  /** UBL CreditNote document: always an AVOIR whatever its type code. */
  readonly creditNoteDocument: boolean;
  readonly currency: Slot;
  readonly supplier: RawParty;
  readonly recipient: RawParty;
  readonly buyerReference: Slot;
  readonly engagement: Slot;
  readonly contract: Slot;
  readonly totals: {
    readonly lineTotal: Slot;
    readonly allowanceTotal: Slot;
    readonly chargeTotal: Slot;
    readonly exclTax: Slot;
    readonly vat: Slot;
    readonly inclTax: Slot;
    readonly prepaid: Slot;
    readonly rounding: Slot;
    readonly due: Slot;
  };
  /** BT-6 */
  readonly taxCurrency: Slot;
  /** BT-111: the total VAT stated in BT-6 (when BT-6 differs from BT-5). */
  readonly vatInTaxCurrency: Slot;
  readonly vatBreakdown: readonly RawVatBreakdown[];
  readonly allowanceCharges: readonly RawAllowanceCharge[];
  readonly lines: readonly RawLine[];
  readonly invoicePeriod: RawPeriod;
  readonly precedingInvoices: readonly RawPrecedingInvoice[];
  readonly attachments: readonly RawAttachment[];
  readonly paymentMeansCode?: string;
  readonly iban?: string;
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------- helpers for the syntax readers

/** Returns a function reading `relative` under `element`, reporting `basePath/relative` as the path. */
export function slotter(element: XmlElement | undefined, basePath: string): (relative: string) => Slot {
  return (relative) => ({ path: `${basePath}/${relative}`, value: textAt(element, relative) });
}

/** The first slot holding a value, else the first one (whose path then names the missing field). */
export function firstFilled(first: Slot, ...others: Slot[]): Slot {
  return [first, ...others].find((slot) => slot.value !== undefined) ?? first;
}

/** Every non-blank identifier at `place` under the party, with its `schemeID`. */
export function partyIds(party: XmlElement | undefined, partyPath: string, place: string): RawPartyId[] {
  return select(party, place)
    .filter((element) => element.text !== '')
    .map((element) => ({
      value: element.text,
      scheme: attributeOf(element, 'schemeID'),
      path: `${partyPath}/${place}`,
    }));
}

/** 1-based XPath position suffix, as in `cac:InvoiceLine[2]`. */
export function indexed(path: string, index: number): string {
  return `${path}[${index + 1}]`;
}
