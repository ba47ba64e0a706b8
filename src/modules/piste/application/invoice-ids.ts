import { TechnicalAccountActor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiInvoiceDetails, ApiInvoices } from '../../invoicing/contracts/api-mode';
import { PisteErrors } from '../domain/piste.errors';
import { Body, requiredInteger } from '../domain/readers';

/** The invoice a call names by its public id (`idFacture` / `identifiantFactureCPP`), or INVOICE_NOT_FOUND naming the field. */
export async function invoiceIdOf(invoices: ApiInvoices, body: Body, names: readonly string[]): Promise<{ id: string; publicId: number }> {
  const publicId = requiredInteger(body, names, names[0]);
  const id = await invoices.idOfPublicId(publicId);
  if (!id) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: names[0]!, value: publicId }, names[0]);
  return { id, publicId };
}

/** The invoice's details as the caller may see them; an invoice it may not see is not found (never forbidden: no oracle). */
export async function readInvoice(invoices: ApiInvoices, actor: TechnicalAccountActor, body: Body, names: readonly string[]): Promise<ApiInvoiceDetails> {
  const publicId = requiredInteger(body, names, names[0]);
  return invoices.getByPublicId(actor, publicId).catch((e: unknown) => {
    if (e instanceof DomainError && e.status === 404) throw new DomainError(PisteErrors.INVOICE_NOT_FOUND, { field: names[0]!, value: publicId }, names[0]);
    throw e;
  });
}
