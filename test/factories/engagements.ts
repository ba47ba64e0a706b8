import { TestApp } from '../support/test-app';
import { PublicRecipient } from './invoicing';

let counter = 0;
export const uniqueEngagementNumber = (): string => `EJ-${Date.now().toString(36)}-${++counter}`.slice(0, 30);

/** An engagement of `recipient` for the supplier of SIRET `supplierIdentifier`, recorded by the recipient's manager. */
export async function givenEngagement(
  t: TestApp,
  recipient: PublicRecipient,
  supplier: { identifier: string },
  overrides: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const res = await t.http.post(
    '/api/v1/engagements',
    { structureId: recipient.id, number: uniqueEngagementNumber(), notificationDate: '2026-01-15', amount: '10000.00', supplierIdentifier: supplier.identifier, ...overrides },
    { token: recipient.manager.token },
  );
  if (res.status !== 201) throw new Error(`engagement failed: ${res.status} ${res.text}`);
  return res.body;
}
