import { LifecycleProjection } from '../../lifecycle/contracts/lifecycle';
import { Invoice } from '../domain/invoice.entity';

/** The invoice's columns of the lifecycle read model, as a projection sets them. */
export const projectedColumns = (projection: LifecycleProjection): Pick<Invoice, 'status' | 'supplierStatus' | 'statusChangedAt' | 'paymentDeadline' | 'rejectionAcknowledged'> => ({
  status: projection.status,
  supplierStatus: projection.supplierStatus,
  statusChangedAt: projection.statusChangedAt,
  paymentDeadline: projection.paymentDeadline,
  rejectionAcknowledged: projection.rejectionAcknowledged,
});
