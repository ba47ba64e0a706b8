import { isDecimalText as isDecimal, subtractDecimals } from '../../shared/domain/money';
import { checkCalculationRules } from './calculation-rules';
import {
  invoiceError,
  type InvoiceKind,
  type InvoiceParseError,
  type InvoiceParseOptions,
  type InvoiceParseResult,
  type NormalisedAllowanceCharge,
  type NormalisedAttachment,
  type NormalisedInvoice,
  type NormalisedLine,
  type NormalisedPeriod,
  type NormalisedPrecedingInvoice,
  type NormalisedRecipient,
  type NormalisedSupplier,
  type NormalisedTotals,
  type NormalisedVatBreakdown,
} from './normalised-invoice';
import { isRefusing } from './report';
import type {
  DateSlot,
  RawAllowanceCharge,
  RawAttachment,
  RawInvoice,
  RawLine,
  RawParty,
  RawPartyId,
  RawPeriod,
  RawPrecedingInvoice,
  RawVatBreakdown,
  Slot,
} from './raw-invoice';

/** Business terms we read, with the names used in messages. */
const TERMS = {
  'BT-1': { fr: 'numéro de facture', en: 'invoice number' },
  'BT-2': { fr: "date d'émission", en: 'issue date' },
  'BT-3': { fr: 'code de type de facture', en: 'invoice type code' },
  'BT-5': { fr: 'code de devise', en: 'currency code' },
  'BT-6': { fr: 'code de devise de comptabilisation de la TVA', en: 'VAT accounting currency code' },
  'BT-25': { fr: 'référence à une facture antérieure', en: 'preceding invoice reference' },
  'BT-26': { fr: "date d'émission de la facture antérieure", en: 'preceding invoice issue date' },
  'BT-73': { fr: 'date de début de période de facturation', en: 'invoicing period start date' },
  'BT-74': { fr: 'date de fin de période de facturation', en: 'invoicing period end date' },
  'BT-92': { fr: 'montant de la remise au niveau du document', en: 'document level allowance amount' },
  'BT-93': { fr: 'assiette de la remise au niveau du document', en: 'document level allowance base amount' },
  'BT-94': { fr: 'pourcentage de la remise au niveau du document', en: 'document level allowance percentage' },
  'BT-96': { fr: 'taux de TVA de la remise au niveau du document', en: 'document level allowance VAT rate' },
  'BT-99': { fr: 'montant des frais au niveau du document', en: 'document level charge amount' },
  'BT-100': { fr: 'assiette des frais au niveau du document', en: 'document level charge base amount' },
  'BT-101': { fr: 'pourcentage des frais au niveau du document', en: 'document level charge percentage' },
  'BT-103': { fr: 'taux de TVA des frais au niveau du document', en: 'document level charge VAT rate' },
  'BT-106': { fr: 'somme des montants nets des lignes', en: 'sum of invoice line net amount' },
  'BT-107': { fr: 'somme des remises au niveau du document', en: 'sum of allowances on document level' },
  'BT-108': { fr: 'somme des frais au niveau du document', en: 'sum of charges on document level' },
  'BT-109': { fr: 'montant total HT', en: 'total amount without VAT' },
  'BT-110': { fr: 'montant total de TVA', en: 'total VAT amount' },
  'BT-111': { fr: 'montant total de TVA en devise de comptabilisation', en: 'total VAT amount in accounting currency' },
  'BT-112': { fr: 'montant total TTC', en: 'total amount with VAT' },
  'BT-113': { fr: 'montant payé', en: 'paid amount' },
  'BT-114': { fr: "montant d'arrondi", en: 'rounding amount' },
  'BT-115': { fr: 'montant net à payer', en: 'amount due for payment' },
  'BT-116': { fr: "base d'imposition de la catégorie de TVA", en: 'VAT category taxable amount' },
  'BT-117': { fr: 'montant de TVA de la catégorie', en: 'VAT category tax amount' },
  'BT-118': { fr: 'code de catégorie de TVA', en: 'VAT category code' },
  'BT-119': { fr: 'taux de la catégorie de TVA', en: 'VAT category rate' },
  'BT-122': { fr: 'référence du document justificatif', en: 'supporting document reference' },
  'BT-125': { fr: 'document joint', en: 'attached document' },
  'BT-126': { fr: 'identifiant de ligne', en: 'invoice line identifier' },
  'BT-129': { fr: 'quantité facturée', en: 'invoiced quantity' },
  'BT-131': { fr: 'montant net de ligne', en: 'invoice line net amount' },
  'BT-134': { fr: 'date de début de période de la ligne', en: 'invoice line period start date' },
  'BT-135': { fr: 'date de fin de période de la ligne', en: 'invoice line period end date' },
  'BT-136': { fr: 'montant de la remise de ligne', en: 'invoice line allowance amount' },
  'BT-137': { fr: 'assiette de la remise de ligne', en: 'invoice line allowance base amount' },
  'BT-138': { fr: 'pourcentage de la remise de ligne', en: 'invoice line allowance percentage' },
  'BT-141': { fr: 'montant des frais de ligne', en: 'invoice line charge amount' },
  'BT-142': { fr: 'assiette des frais de ligne', en: 'invoice line charge base amount' },
  'BT-143': { fr: 'pourcentage des frais de ligne', en: 'invoice line charge percentage' },
  'BT-146': { fr: "prix net de l'article", en: 'item net price' },
  'BT-147': { fr: "remise sur le prix de l'article", en: 'item price discount' },
  'BT-148': { fr: "prix brut de l'article", en: 'item gross price' },
  'BT-149': { fr: "quantité de base du prix de l'article", en: 'item price base quantity' },
  'BT-152': { fr: 'taux de TVA de la ligne', en: 'invoiced item VAT rate' },
  'BT-153': { fr: "nom de l'article", en: 'item name' },
  'BG-20': { fr: 'indicateur remise / frais', en: 'allowance / charge indicator' },
} as const;

type Term = keyof typeof TERMS;

/** UNTDID 1001 codes allowed by EN 16931, split by meaning. */
const CREDIT_NOTE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);
const INVOICE_CODES = new Set([
  '71', '80', '82', '84', '102', '218', '219', '326', '331', '380', '382', '383', '384', '385', '386',
  '387', '388', '389', '390', '393', '394', '395', '456', '457', '527', '575', '623', '633', '751', '780', '935',
]);

/** SIRET schemes: ISO 6523 ICD 0009, the legacy Chorus Pro "1", and the literal name some ERPs send. */
const SIRET_SCHEMES = new Set(['0009', '1', 'SIRET']);
const ROUTING_SCHEME = '0224';

const ROLE_FR = { supplier: 'fournisseur', recipient: 'destinataire' } as const;
const ROLE_EN = { supplier: 'supplier', recipient: 'recipient' } as const;

class Issues {
  readonly errors: InvoiceParseError[] = [];

  add(error: InvoiceParseError): undefined {
    this.errors.push(error);
    return undefined;
  }

  missing(term: Term, path: string): undefined {
    const label = TERMS[term];
    return this.add(
      invoiceError(
        'FIELD_MISSING',
        `champ obligatoire absent : ${label.fr} (${term})`,
        `missing mandatory field: ${label.en} (${term})`,
        path,
      ),
    );
  }

  invalid(term: Term, slot: Slot, expectedFr: string, expectedEn: string): undefined {
    const label = TERMS[term];
    const shown = quote(slot.value ?? '');
    return this.add(
      invoiceError(
        'FIELD_INVALID',
        `${label.fr} (${term}) invalide : « ${shown} » (${expectedFr})`,
        `invalid ${label.en} (${term}): "${shown}" (${expectedEn})`,
        slot.path,
      ),
    );
  }
}

function quote(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

export function normaliseInvoice(raw: RawInvoice, options: InvoiceParseOptions = {}): InvoiceParseResult {
  const issues = new Issues();
  const requireIds = options.requirePartyIds ?? true;
  const number = required(raw.number, 'BT-1', issues);
  const issueDate = readDate(raw.issueDate, 'BT-2', issues, true);
  const kind = readKind(raw, issues);
  const currency = readCurrency(raw.currency, 'BT-5', issues, true);
  const taxCurrency = readCurrency(raw.taxCurrency, 'BT-6', issues, false);
  const supplier = readSupplier(raw.supplier, requireIds, issues);
  const recipient = readRecipient(raw.recipient, raw.buyerReference, requireIds, issues);
  const totals = readTotals(raw.totals, issues);
  const totalVatInTaxCurrency = decimal(raw.vatInTaxCurrency, 'BT-111', issues, false);
  const vatBreakdown = raw.vatBreakdown.map((vat) => readVat(vat, issues));
  const allowanceCharges = raw.allowanceCharges.map((charge) => readAllowanceCharge(charge, issues));
  const lines = raw.lines.map((line) => readLine(line, issues));
  const invoicePeriod = readPeriod(raw.invoicePeriod, ['BT-73', 'BT-74'], issues);
  const precedingInvoices = raw.precedingInvoices.map((reference) => readPrecedingInvoice(reference, issues));
  const attachments = raw.attachments.map((attachment) => readAttachment(attachment, issues));
  if (
    issues.errors.length > 0 ||
    number === undefined ||
    issueDate === undefined ||
    kind === undefined ||
    currency === undefined ||
    totals === undefined
  ) {
    return { ok: false, errors: issues.errors };
  }
  const invoice: NormalisedInvoice = {
    number,
    issueDate,
    type: kind.type,
    typeCode: kind.code,
    currency,
    supplier,
    recipient,
    ...optional('engagementNumber', raw.engagement.value),
    ...optional('contractNumber', raw.contract.value),
    totals,
    vatBreakdown: vatBreakdown.filter(isDefined),
    lines: lines.filter(isDefined),
    ...optional('paymentMeansCode', raw.paymentMeansCode),
    ...optional('iban', normaliseIban(raw.iban)),
    ...optional('note', raw.notes.length > 0 ? raw.notes.join('\n') : undefined),
    ...optional('taxCurrency', taxCurrency !== undefined && taxCurrency !== currency ? taxCurrency : undefined),
    ...optional('totalVatInTaxCurrency', taxCurrency !== undefined && taxCurrency !== currency ? totalVatInTaxCurrency : undefined),
    ...nonEmpty('allowanceCharges', allowanceCharges.filter(isDefined)),
    ...optional('invoicePeriod', invoicePeriod),
    ...nonEmpty('precedingInvoices', precedingInvoices.filter(isDefined)),
    ...nonEmpty('attachments', attachments.filter(isDefined)),
    locations: locationsOf(raw),
    syntax: raw.syntax,
  };
  if (options.calculationRules === false) return { ok: true, invoice };
  const broken = checkCalculationRules(invoice).filter(isRefusing);
  if (broken.length === 0) return { ok: true, invoice };
  return {
    ok: false,
    invoice,
    errors: broken.map((finding) => ({
      code: 'EN16931_RULE' as const,
      message_fr: `[${finding.rule}] ${finding.message.fr}`,
      message_en: `[${finding.rule}] ${finding.message.en}`,
      ...optional('path', finding.location),
      finding,
    })),
  };
}

/** Business term → XPath of what was read, for the findings of the rules on the normalised model. */
function locationsOf(raw: RawInvoice): Record<string, string> {
  const locations: Record<string, string> = {
    'BT-106': raw.totals.lineTotal.path,
    'BT-107': raw.totals.allowanceTotal.path,
    'BT-108': raw.totals.chargeTotal.path,
    'BT-109': raw.totals.exclTax.path,
    'BT-110': raw.totals.vat.path,
    'BT-112': raw.totals.inclTax.path,
    'BT-113': raw.totals.prepaid.path,
    'BT-114': raw.totals.rounding.path,
    'BT-115': raw.totals.due.path,
  };
  raw.vatBreakdown.forEach((vat, index) => {
    locations[`BG-23[${index + 1}]`] = vat.path;
    locations[`BT-116[${index + 1}]`] = vat.taxableAmount.path;
    locations[`BT-117[${index + 1}]`] = vat.vatAmount.path;
  });
  raw.allowanceCharges.forEach((charge, index) => {
    locations[`BG-20[${index + 1}]`] = charge.path;
  });
  raw.lines.forEach((line, index) => {
    locations[`BG-25[${index + 1}]`] = line.path;
    locations[`BT-131[${index + 1}]`] = line.netAmount.path;
  });
  return locations;
}

// ---------------------------------------------------------------- simple fields

function required(slot: Slot, term: Term, issues: Issues): string | undefined {
  return slot.value ?? issues.missing(term, slot.path);
}

function decimal(slot: Slot, term: Term, issues: Issues, mandatory: boolean): string | undefined {
  if (slot.value === undefined) return mandatory ? issues.missing(term, slot.path) : undefined;
  if (!isDecimal(slot.value)) return issues.invalid(term, slot, 'nombre décimal attendu', 'decimal number expected');
  return slot.value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const CII_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function readDate(slot: DateSlot, term: Term, issues: Issues, mandatory: boolean): string | undefined {
  if (slot.value === undefined) return mandatory ? issues.missing(term, slot.path) : undefined;
  if (slot.style === 'CII' && slot.format !== undefined && slot.format !== '102') {
    return issues.invalid(term, slot, `format ${slot.format} non pris en charge, 102 attendu`, `format ${slot.format} unsupported, 102 expected`);
  }
  // CII is lenient about ISO dates too: some generators write them despite format 102.
  const match = (slot.style === 'CII' ? CII_DATE.exec(slot.value) : null) ?? ISO_DATE.exec(slot.value);
  const date = match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
  if (date === undefined || !isCalendarDate(date)) {
    const expected = slot.style === 'CII' ? { fr: 'AAAAMMJJ', en: 'YYYYMMDD' } : { fr: 'AAAA-MM-JJ', en: 'YYYY-MM-DD' };
    return issues.invalid(term, slot, `date ${expected.fr} attendue`, `date ${expected.en} expected`);
  }
  return date;
}

function readPeriod(period: RawPeriod, [startTerm, endTerm]: [Term, Term], issues: Issues): NormalisedPeriod | undefined {
  const start = readDate(period.start, startTerm, issues, false);
  const end = readDate(period.end, endTerm, issues, false);
  if (start === undefined && end === undefined) return undefined;
  return { ...optional('start', start), ...optional('end', end) };
}

function isCalendarDate(isoDate: string): boolean {
  const parsed = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(isoDate);
}

function readKind(raw: RawInvoice, issues: Issues): { type: InvoiceKind; code: string } | undefined {
  const code = raw.typeCode.value;
  if (raw.creditNoteDocument) return { type: 'AVOIR', code: code ?? '381' };
  if (code === undefined) return issues.missing('BT-3', raw.typeCode.path);
  if (CREDIT_NOTE_CODES.has(code)) return { type: 'AVOIR', code };
  if (INVOICE_CODES.has(code)) return { type: 'FACTURE', code };
  return issues.add(
    invoiceError(
      'INVOICE_TYPE_UNKNOWN',
      `code de type de facture (BT-3) inconnu : « ${quote(code)} » (380 facture, 381 avoir…)`,
      `unknown invoice type code (BT-3): "${quote(code)}" (380 invoice, 381 credit note…)`,
      raw.typeCode.path,
    ),
  );
}

function readCurrency(slot: Slot, term: Term, issues: Issues, mandatory: boolean): string | undefined {
  if (slot.value === undefined) return mandatory ? issues.missing(term, slot.path) : undefined;
  if (!/^[A-Z]{3}$/.test(slot.value)) return issues.invalid(term, slot, 'code ISO 4217 attendu', 'ISO 4217 code expected');
  return slot.value;
}

function readTotals(totals: RawInvoice['totals'], issues: Issues): NormalisedTotals | undefined {
  const lineTotal = decimal(totals.lineTotal, 'BT-106', issues, false);
  const allowanceTotal = decimal(totals.allowanceTotal, 'BT-107', issues, false);
  const chargeTotal = decimal(totals.chargeTotal, 'BT-108', issues, false);
  const totalExclTax = decimal(totals.exclTax, 'BT-109', issues, true);
  const writtenVat = decimal(totals.vat, 'BT-110', issues, false);
  const totalInclTax = decimal(totals.inclTax, 'BT-112', issues, true);
  const prepaidAmount = decimal(totals.prepaid, 'BT-113', issues, false);
  const roundingAmount = decimal(totals.rounding, 'BT-114', issues, false);
  const amountDue = decimal(totals.due, 'BT-115', issues, true);
  if (totalExclTax === undefined || totalInclTax === undefined || amountDue === undefined) return undefined;
  if (writtenVat === undefined && totals.vat.value !== undefined) return undefined;
  // BR-CO-15: TTC = HT + TVA, so an omitted BT-110 is exactly TTC − HT.
  const totalVat = writtenVat ?? subtractDecimals(totalInclTax, totalExclTax);
  return {
    ...optional('lineTotal', lineTotal),
    ...optional('allowanceTotal', allowanceTotal),
    ...optional('chargeTotal', chargeTotal),
    totalExclTax,
    totalVat,
    totalInclTax,
    ...optional('prepaidAmount', prepaidAmount),
    ...optional('roundingAmount', roundingAmount),
    amountDue,
    ...(writtenVat === undefined ? { totalVatDerived: true } : {}),
  };
}

function readVat(vat: RawVatBreakdown, issues: Issues): NormalisedVatBreakdown | undefined {
  const taxableAmount = decimal(vat.taxableAmount, 'BT-116', issues, true);
  const vatAmount = decimal(vat.vatAmount, 'BT-117', issues, true);
  const category = required(vat.category, 'BT-118', issues);
  const rate = decimal(vat.rate, 'BT-119', issues, false);
  if (taxableAmount === undefined || vatAmount === undefined || category === undefined) return undefined;
  if (rate === undefined && vat.rate.value !== undefined) return undefined;
  return {
    rate: rate ?? '0',
    taxableAmount,
    vatAmount,
    category,
    ...optional('exemptionReason', vat.exemptionReason.value),
    ...optional('exemptionReasonCode', vat.exemptionReasonCode.value),
  };
}

/** Business terms of an allowance / a charge, document and line level. */
const CHARGE_TERMS = {
  document: {
    allowance: { amount: 'BT-92', base: 'BT-93', percentage: 'BT-94', rate: 'BT-96' },
    charge: { amount: 'BT-99', base: 'BT-100', percentage: 'BT-101', rate: 'BT-103' },
  },
  line: {
    allowance: { amount: 'BT-136', base: 'BT-137', percentage: 'BT-138', rate: 'BT-152' },
    charge: { amount: 'BT-141', base: 'BT-142', percentage: 'BT-143', rate: 'BT-152' },
  },
} as const satisfies Record<string, Record<string, Record<string, Term>>>;

const XS_BOOLEAN: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

function readAllowanceCharge(raw: RawAllowanceCharge, issues: Issues): NormalisedAllowanceCharge | undefined {
  const indicator = raw.indicator.value === undefined ? undefined : XS_BOOLEAN[raw.indicator.value];
  if (indicator === undefined) {
    return raw.indicator.value === undefined
      ? issues.missing('BG-20', raw.indicator.path)
      : issues.invalid('BG-20', raw.indicator, 'true (frais) ou false (remise) attendu', 'true (charge) or false (allowance) expected');
  }
  const kind = indicator ? 'charge' : 'allowance';
  const terms = CHARGE_TERMS[raw.level][kind];
  const amount = decimal(raw.amount, terms.amount, issues, true);
  const baseAmount = decimal(raw.baseAmount, terms.base, issues, false);
  const percentage = decimal(raw.percentage, terms.percentage, issues, false);
  const vatRate = decimal(raw.vatRate, terms.rate, issues, false);
  if (amount === undefined) return undefined;
  return {
    kind,
    amount,
    ...optional('baseAmount', baseAmount),
    ...optional('percentage', percentage),
    ...optional('reasonCode', raw.reasonCode.value),
    ...optional('reason', raw.reason.value),
    ...optional('vatCategory', raw.vatCategory.value),
    ...optional('vatRate', vatRate),
  };
}

function readLine(line: RawLine, issues: Issues): NormalisedLine | undefined {
  const number = required(line.number, 'BT-126', issues);
  const description = required(line.description, 'BT-153', issues);
  const quantity = decimal(line.quantity, 'BT-129', issues, true);
  const unitPrice = decimal(line.unitPrice, 'BT-146', issues, true);
  const priceBaseQuantity = decimal(line.priceBaseQuantity, 'BT-149', issues, false);
  const grossPrice = decimal(line.grossPrice, 'BT-148', issues, false);
  const priceDiscount = decimal(line.priceDiscount, 'BT-147', issues, false);
  const netAmount = decimal(line.netAmount, 'BT-131', issues, true);
  const vatRate = decimal(line.vatRate, 'BT-152', issues, false);
  const allowanceCharges = line.allowanceCharges.map((charge) => readAllowanceCharge(charge, issues));
  const period = readPeriod(line.period, ['BT-134', 'BT-135'], issues);
  if (
    number === undefined ||
    description === undefined ||
    quantity === undefined ||
    unitPrice === undefined ||
    netAmount === undefined
  ) {
    return undefined;
  }
  const charges = allowanceCharges.filter(isDefined);
  return {
    number,
    description,
    quantity,
    ...optional('unitCode', line.unitCode),
    unitPrice,
    ...optional('priceBaseQuantity', priceBaseQuantity),
    ...optional('grossPrice', grossPrice),
    ...optional('priceDiscount', priceDiscount),
    netAmount,
    ...optional('vatCategory', line.vatCategory.value),
    ...optional('vatRate', vatRate),
    ...nonEmpty('allowanceCharges', charges),
    ...optional('period', period),
  };
}

function readPrecedingInvoice(reference: RawPrecedingInvoice, issues: Issues): NormalisedPrecedingInvoice | undefined {
  const number = required(reference.number, 'BT-25', issues);
  const issueDate = readDate(reference.issueDate, 'BT-26', issues, false);
  return number === undefined ? undefined : { number, ...optional('issueDate', issueDate) };
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function readAttachment(attachment: RawAttachment, issues: Issues): NormalisedAttachment | undefined {
  const id = required(attachment.id, 'BT-122', issues);
  let content: Buffer | undefined;
  if (attachment.content.value !== undefined) {
    if (!BASE64.test(attachment.content.value)) {
      return issues.invalid('BT-125', { ...attachment.content, value: '' }, 'contenu base64 attendu', 'base64 content expected');
    }
    content = Buffer.from(attachment.content.value, 'base64');
  }
  if (id === undefined) return undefined;
  return {
    id,
    ...optional('description', attachment.description.value),
    ...optional('fileName', attachment.fileName ?? (content ? id : undefined)),
    ...optional('mediaType', attachment.mimeCode),
    ...optional('content', content),
    ...optional('uri', attachment.uri),
  };
}

// ---------------------------------------------------------------- parties

function readSupplier(party: RawParty, requireIds: boolean, issues: Issues): NormalisedSupplier {
  const siret = resolveSiret(party, issues);
  if (requireIds && siret.value === undefined && !siret.reported && party.vatNumber === undefined) {
    issues.add(
      invoiceError(
        'SUPPLIER_ID_MISSING',
        `aucun SIRET (schéma 0009) ni numéro de TVA trouvé pour le fournisseur (${party.element}) ; lieux examinés : ${party.searchedPlaces.join(', ')}`,
        `no SIRET (scheme 0009) nor VAT number found for the supplier (${party.element}); places searched: ${party.searchedPlaces.join(', ')}`,
        party.path,
      ),
    );
  }
  return {
    ...optional('siret', siret.value),
    ...optional('name', party.name),
    ...optional('vatNumber', party.vatNumber),
  };
}

function readRecipient(party: RawParty, buyerReference: Slot, requireIds: boolean, issues: Issues): NormalisedRecipient {
  const siret = resolveSiret(party, issues);
  if (requireIds && siret.value === undefined && !siret.reported) {
    issues.add(
      invoiceError(
        'RECIPIENT_SIRET_MISSING',
        `aucun SIRET trouvé pour le destinataire (${party.element}) : identifiant de schéma 0009 attendu dans ${party.searchedPlaces.join(', ')}`,
        `no SIRET found for the recipient (${party.element}): an identifier with scheme 0009 is expected in ${party.searchedPlaces.join(', ')}`,
        party.path,
      ),
    );
  }
  // An explicit routing code (2026 reform) is more specific than the free-form buyer reference.
  const routingCode = party.ids.find((id) => id.scheme === ROUTING_SCHEME)?.value;
  return {
    ...optional('siret', siret.value),
    ...optional('name', party.name),
    ...optional('serviceCode', routingCode ?? buyerReference.value),
  };
}

interface SiretResolution {
  value?: string;
  /** An error about this party's SIRET was already recorded (do not add "missing" on top). */
  reported: boolean;
}

/**
 * Schemed identifiers (0009, legacy 1) are authoritative and must be 14 digits; a bare 14-digit
 * identifier is accepted only when no schemed one exists. Two different SIRETs for one party are
 * refused rather than guessed: routing to the wrong structure is worse than a clear rejection.
 */
function resolveSiret(party: RawParty, issues: Issues): SiretResolution {
  const schemed = party.ids.filter((id) => id.scheme !== undefined && SIRET_SCHEMES.has(id.scheme.toUpperCase()));
  if (schemed.length > 0) {
    const invalid = schemed.filter((id) => !isSiretShaped(id.value));
    invalid.forEach((id) => reportInvalidSiret(party, id, issues));
    const valid = schemed.filter((id) => isSiretShaped(id.value));
    return pickSingle(party, valid, issues, invalid.length > 0);
  }
  const bare = party.ids.filter((id) => id.scheme === undefined && isSiretShaped(id.value));
  return pickSingle(party, bare, issues, false);
}

function pickSingle(party: RawParty, candidates: RawPartyId[], issues: Issues, reported: boolean): SiretResolution {
  const distinct = [...new Set(candidates.map((id) => compact(id.value)))];
  if (distinct.length > 1) {
    issues.add(
      invoiceError(
        'SIRET_CONFLICT',
        `plusieurs SIRET différents pour le ${ROLE_FR[party.role]} (${party.element}) : ${distinct.join(', ')}`,
        `several different SIRETs for the ${ROLE_EN[party.role]} (${party.element}): ${distinct.join(', ')}`,
        party.path,
      ),
    );
    return { reported: true };
  }
  return { value: distinct[0], reported };
}

function reportInvalidSiret(party: RawParty, id: RawPartyId, issues: Issues): void {
  issues.add(
    invoiceError(
      'SIRET_INVALID',
      `SIRET invalide pour le ${ROLE_FR[party.role]} (${party.element}) : « ${quote(id.value)} » (14 chiffres attendus)`,
      `invalid SIRET for the ${ROLE_EN[party.role]} (${party.element}): "${quote(id.value)}" (14 digits expected)`,
      id.path,
    ),
  );
}

function isSiretShaped(value: string): boolean {
  return /^\d{14}$/.test(compact(value));
}

function compact(value: string): string {
  return value.replace(/\s+/g, '');
}

// ---------------------------------------------------------------- helpers

function normaliseIban(iban: string | undefined): string | undefined {
  const compacted = iban === undefined ? '' : compact(iban).toUpperCase();
  return compacted === '' ? undefined : compacted;
}

/** Spreads `{ key: value }` only when the value is defined, keeping optional properties absent. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}

/** Spreads `{ key: list }` only when the list has items. */
function nonEmpty<K extends string, V>(key: K, list: V[]): Partial<Record<K, V[]>> {
  return list.length === 0 ? {} : ({ [key]: list } as Partial<Record<K, V[]>>);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
