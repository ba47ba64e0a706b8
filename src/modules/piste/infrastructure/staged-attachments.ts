import { EntityManager } from '@mikro-orm/postgresql';
import { rawRows } from '../../../shared/persistence/raw';
import { txOf } from '../../../shared/persistence/tx';
import { ApiInvoices } from '../../invoicing/contracts/api-mode';

/**
 * Deletes staged attachments (by id, or all created before a date) and the bytes invoicing keeps for them,
 * in the caller's transaction; returns how many were deleted.
 */
export async function deleteStagedAttachments(
  em: EntityManager,
  invoices: ApiInvoices,
  which: { ids: readonly string[] } | { createdBefore: Date },
): Promise<number> {
  const rows =
    'ids' in which
      ? await rawRows<{ kept_file_id: string }>(em, 'delete from piste_staged_attachment where id = any(?::uuid[]) returning kept_file_id', [which.ids])
      : await rawRows<{ kept_file_id: string }>(em, 'delete from piste_staged_attachment where created_at < ? returning kept_file_id', [which.createdBefore]);
  await invoices.discardKeptFiles(txOf(em), rows.map((r) => r.kept_file_id));
  return rows.length;
}
