import { sideInScopes } from './invoice-access';

describe('sideInScopes (the single read’s rule on scopes read once)', () => {
  const invoice = {
    submittedAt: new Date('2026-03-01T00:00:00Z'),
    status: 'MISE_A_DISPOSITION',
    supplierStructureId: 'S',
    supplierServiceId: 'S-sales',
    recipientStructureId: 'R',
    recipientServiceId: null,
  };

  it('reads from the recipient side first, then the supplier side', () => {
    const both = { supplier: [{ structureId: 'S', serviceId: null }], recipient: [{ structureId: 'R', serviceId: null }] };
    expect(sideInScopes(invoice, both)).toBe('RECIPIENT');
    expect(sideInScopes({ ...invoice, submittedAt: null }, both)).toBe('SUPPLIER');
    expect(sideInScopes(invoice, { supplier: [], recipient: [] })).toBeNull();
  });

  it('keeps an invoice with its validator, or refused by it, from the recipient (validation circuits)', () => {
    const recipientOnly = { supplier: [], recipient: [{ structureId: 'R', serviceId: null }] };
    expect(sideInScopes({ ...invoice, status: 'A_VALIDER_1' }, recipientOnly)).toBeNull();
    expect(sideInScopes({ ...invoice, status: 'REFUSEE_1' }, recipientOnly)).toBeNull();
    expect(sideInScopes({ ...invoice, status: 'VALIDEE_1' }, recipientOnly)).toBe('RECIPIENT');
  });

  it('lets a service scope see its service’s invoices only, and none attached to no service', () => {
    expect(sideInScopes(invoice, { supplier: [{ structureId: 'S', serviceId: 'S-sales' }], recipient: [] })).toBe('SUPPLIER');
    expect(sideInScopes(invoice, { supplier: [{ structureId: 'S', serviceId: 'S-other' }], recipient: [] })).toBeNull();
    expect(sideInScopes(invoice, { supplier: [], recipient: [{ structureId: 'R', serviceId: 'R-buy' }] })).toBeNull();
    expect(sideInScopes(invoice, { supplier: [{ structureId: 'X', serviceId: null }], recipient: [{ structureId: 'Y', serviceId: null }] })).toBeNull();
  });

  it('lets the mandatary that issued it under a mandate read it, from its whole structure only', () => {
    const issued = { ...invoice, issuerStructureId: 'M', mandateId: 'mandate' };
    expect(sideInScopes(issued, { supplier: [{ structureId: 'M', serviceId: null }], recipient: [] })).toBe('SUPPLIER');
    expect(sideInScopes(issued, { supplier: [{ structureId: 'M', serviceId: 'M-sales' }], recipient: [] })).toBeNull();
    expect(sideInScopes(invoice, { supplier: [{ structureId: 'M', serviceId: null }], recipient: [] })).toBeNull();
  });
});
