import { InvoiceLifecycle } from '../../../src/modules/lifecycle/contracts/lifecycle';
import { DAY_MS, HOUR_MS } from '../../../src/shared/time/clock';
import { createDraft, draftBody, givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { startTestApp, TestApp } from '../../support/test-app';

/**
 * "Overdue" invoices (past the payment deadline while the payment clock runs) are found by search and
 * export, on both sides, with exactly the rule of an invoice's `overdue`. Time is the app's clock: each
 * invoice is made available on a chosen day in France by moving the clock back (moving it forward
 * would expire the sessions), and the searches run with the clock at noon of a chosen day.
 */
describe('overdue filter of invoice search and export', () => {
  let t: TestApp;
  let supplier: Supplier;
  let recipient: PublicRecipient;
  /** Does not report MISE_EN_PAIEMENT: the supplier keeps seeing the previous status. */
  let silent: PublicRecipient;
  /** 00:00 UTC of today's day in France, fixed for the whole file. */
  let today: number;
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  /** Puts the app's clock at 12:00 UTC (13:00 or 14:00 in France) of today + `offsetDays`. */
  const setDay = (offsetDays: number): void => {
    t.clock.reset();
    t.clock.advance(today + offsetDays * DAY_MS + 12 * HOUR_MS - Date.now());
  };
  const day = (offsetDays: number): string => new Date(today + offsetDays * DAY_MS).toISOString().slice(0, 10);
  const on = async <T>(offsetDays: number, action: () => Promise<T>): Promise<T> => {
    setDay(offsetDays);
    return action();
  };
  const transition = async (token: string, id: string, body: Record<string, unknown>): Promise<void> => {
    const res = await t.http.post(`/api/v1/invoices/${id}/transitions`, body, { token });
    if (res.status !== 200) throw new Error(`transition failed: ${res.status} ${res.text}`);
  };
  const available = async (name: string, to: PublicRecipient = recipient): Promise<string> => {
    numbers[name] = `OD-${name}`;
    ids[name] = await givenAvailableInvoice(t, supplier, to, { number: numbers[name] });
    return ids[name];
  };

  beforeAll(async () => {
    t = await startTestApp();
    today = Date.parse(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }));
    supplier = await givenSupplier(t);
    recipient = await givenPublicRecipient(t, { paymentDelayDays: 30 });
    silent = await givenPublicRecipient(t, { paymentDelayDays: 30, parameters: { paymentStatusNotReported: true } });
    const clerk = recipient.clerk.token;

    // Made available 40 days ago: deadline 10 days ago.
    await on(-40, () => available('late'));
    await on(-40, () => available('lateServiceFait'));
    await on(-40, () => available('paid'));
    await on(-40, () => available('suspended'));
    await on(-40, () => available('rejected'));
    await on(-40, () => available('silentLate', silent));
    await on(-40, () => available('silentPaid', silent));
    await on(-40, () => available('recycled'));
    await on(-40, () => available('completed'));
    // Around the deadline day: due yesterday (overdue) and due today (not yet).
    await on(-31, () => available('dueYesterday'));
    await on(-30, () => available('dueToday'));
    await on(0, () => available('fresh'));
    numbers.draft = 'OD-draft';
    ids.draft = await createDraft(t, supplier.owner.token, draftBody(supplier, recipient, { number: numbers.draft }));

    setDay(0);
    await transition(clerk, ids.lateServiceFait, { status: 'SERVICE_FAIT' });
    await transition(clerk, ids.paid, { status: 'MISE_EN_PAIEMENT' });
    await transition(clerk, ids.suspended, { status: 'SUSPENDUE', reason: 'Bon de livraison manquant' });
    await transition(clerk, ids.rejected, { status: 'REJETEE', reason: 'Facture non conforme' });
    await transition(silent.clerk.token, ids.silentPaid, { status: 'MISE_EN_PAIEMENT' });
    // Recycled and delivered again today: a new payment clock (deadline in 30 days).
    await transition(clerk, ids.recycled, { status: 'A_RECYCLER', reason: 'Mauvais service' });
    expect((await t.http.post(`/api/v1/invoices/${ids.recycled}/recycling`, { comment: 'Renvoyée' }, { token: supplier.owner.token })).status).toBe(200);
    await waitForStatus(t, clerk, ids.recycled, 'MISE_A_DISPOSITION');
    // Suspended 35 days ago, completed 5 days ago: the new deadline (completion + 30 days) is ahead.
    await on(-35, () => transition(clerk, ids.completed, { status: 'SUSPENDUE', reason: 'Pièce manquante' }));
    await on(-5, async () => {
      const res = await t.http.post(`/api/v1/invoices/${ids.completed}/completion`, { comment: 'Pièce ajoutée' }, { token: supplier.owner.token });
      expect(res.status).toBe(200);
    });
    setDay(0);
  });
  afterAll(async () => {
    t?.clock.reset();
    await t?.close();
  });

  const search = async (token: string, query: Record<string, string>): Promise<{ ids: string[]; total: number; items: { id: string; overdue: boolean; status: string }[] }> => {
    const res = await t.http.get('/api/v1/invoices', { token, query: { pageSize: '200', ...query } });
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; overdue: boolean; status: string }[];
    return { ids: items.map((i) => i.id).sort(), total: res.body.total, items };
  };
  const idsOf = (...names: string[]): string[] => names.map((n) => ids[n]).sort();

  it('gives each invoice the overdue flag and the deadline its lifecycle computes', async () => {
    const view = async (name: string) => (await t.http.get(`/api/v1/invoices/${ids[name]}`, { token: supplier.owner.token })).body;
    expect(await view('late')).toMatchObject({ status: 'MISE_A_DISPOSITION', paymentDeadline: day(-10), overdue: true });
    expect(await view('dueYesterday')).toMatchObject({ paymentDeadline: day(-1), overdue: true });
    expect(await view('dueToday')).toMatchObject({ paymentDeadline: day(0), overdue: false });
    expect(await view('completed')).toMatchObject({ status: 'COMPLETEE', paymentDeadline: day(25), overdue: false });
    expect(await view('recycled')).toMatchObject({ status: 'MISE_A_DISPOSITION', paymentDeadline: day(30), overdue: false });
    // The supplier does not see MISE_EN_PAIEMENT here, yet the invoice is paid: not overdue.
    expect(await view('silentPaid')).toMatchObject({ status: 'MISE_A_DISPOSITION', paymentDeadline: day(-10), overdue: false });
  });

  it('lets the recipient find exactly its overdue invoices, and the others', async () => {
    const overdue = await search(recipient.clerk.token, { role: 'recipient', overdue: 'true' });
    expect(overdue.ids).toEqual(idsOf('late', 'lateServiceFait', 'dueYesterday'));
    expect(overdue.total).toBe(3);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);

    const others = await search(recipient.clerk.token, { role: 'recipient', overdue: 'false' });
    expect(others.ids).toEqual(idsOf('paid', 'suspended', 'rejected', 'recycled', 'completed', 'dueToday', 'fresh'));
    expect(others.items.some((i) => i.overdue)).toBe(false);
    // Unfiltered, each row carries the same flag as the invoice itself.
    const all = await search(recipient.clerk.token, { role: 'recipient' });
    expect(all.total).toBe(overdue.total + others.total);
    for (const item of all.items) {
      const one = (await t.http.get(`/api/v1/invoices/${item.id}`, { token: recipient.clerk.token })).body;
      expect([item.id, item.overdue]).toEqual([item.id, one.overdue]);
    }

    expect((await search(silent.clerk.token, { role: 'recipient', overdue: 'true' })).ids).toEqual(idsOf('silentLate'));
    // Combined with the other filters.
    expect((await search(recipient.clerk.token, { role: 'recipient', overdue: 'true', status: 'SERVICE_FAIT' })).ids).toEqual(idsOf('lateServiceFait'));
  });

  it('lets the supplier find its overdue invoices by the true status, not the one it is shown', async () => {
    const overdue = await search(supplier.owner.token, { role: 'supplier', overdue: 'true' });
    expect(overdue.ids).toEqual(idsOf('late', 'lateServiceFait', 'dueYesterday', 'silentLate'));
    const others = await search(supplier.owner.token, { role: 'supplier', overdue: 'false' });
    expect(others.ids).toEqual(idsOf('paid', 'suspended', 'rejected', 'recycled', 'completed', 'dueToday', 'fresh', 'silentPaid', 'draft'));
    // silentPaid shows as MISE_A_DISPOSITION to the supplier, past its deadline, but it is paid.
    const shown = await search(supplier.owner.token, { role: 'supplier', status: 'MISE_A_DISPOSITION', overdue: 'true' });
    expect(shown.ids).toEqual(idsOf('late', 'dueYesterday', 'silentLate'));
  });

  it('follows the clock: the day after its deadline an invoice becomes overdue', async () => {
    try {
      setDay(1);
      const overdue = await search(recipient.clerk.token, { role: 'recipient', overdue: 'true' });
      expect(overdue.ids).toEqual(idsOf('late', 'lateServiceFait', 'dueYesterday', 'dueToday'));
      expect((await t.http.get(`/api/v1/invoices/${ids.dueToday}`, { token: recipient.clerk.token })).body.overdue).toBe(true);
    } finally {
      setDay(0);
    }
  });

  it('exports the overdue flag and filters the CSV the same way', async () => {
    const rows = async (token: string, query: Record<string, string>): Promise<Map<string, string>> => {
      const res = await t.http.get('/api/v1/invoices/export', { token, query });
      expect(res.status).toBe(200);
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0].split(';').at(-1)).toBe('en_retard');
      // number (2nd column) → en_retard (last column); the test's numbers hold no ';'.
      return new Map(lines.slice(1).map((line) => [line.split(';')[1], line.split(';').at(-1)!]));
    };
    const name = (number: string): string => Object.keys(numbers).find((k) => numbers[k] === number)!;
    const named = (m: Map<string, string>): Record<string, string> => Object.fromEntries([...m].map(([n, v]) => [name(n), v]));

    expect(named(await rows(recipient.clerk.token, { role: 'recipient', overdue: 'true' }))).toEqual({ late: 'true', lateServiceFait: 'true', dueYesterday: 'true' });
    const others = named(await rows(recipient.clerk.token, { role: 'recipient', overdue: 'false' }));
    expect(Object.keys(others).sort()).toEqual(['completed', 'dueToday', 'fresh', 'paid', 'recycled', 'rejected', 'suspended']);
    expect(new Set(Object.values(others))).toEqual(new Set(['false']));

    const all = named(await rows(supplier.owner.token, { role: 'supplier' }));
    expect(Object.keys(all)).toHaveLength(Object.keys(ids).length);
    expect(Object.keys(all).filter((k) => all[k] === 'true').sort()).toEqual(['dueYesterday', 'late', 'lateServiceFait', 'silentLate']);
    expect(Object.keys(named(await rows(supplier.owner.token, { role: 'supplier', overdue: 'true' }))).sort()).toEqual(['dueYesterday', 'late', 'lateServiceFait', 'silentLate']);
  });

  it('refuses a value other than true or false', async () => {
    for (const path of ['/api/v1/invoices', '/api/v1/invoices/export']) {
      const res = await t.http.get(path, { token: recipient.clerk.token, query: { role: 'recipient', overdue: 'yes' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['overdue']);
    }
  });

  it('keeps the read model equal to the lifecycle, and the partial indexes on the rule’s statuses', async () => {
    const conn = t.orm.em.getConnection();
    const drift = await conn.execute(
      `select count(*)::int as n from invoice i join invoice_lifecycle l on l.invoice_id = i.id
       where i.payment_deadline is distinct from l.payment_deadline or i.status <> l.status`,
    );
    expect(drift[0].n).toBe(0);
    // The overdue indexes are partial on a copy of the rule's statuses: a change of the rule needs a new migration.
    const statuses = [...t.app.get(InvoiceLifecycle).overdueCriteria().statuses].sort();
    const indexes: { indexname: string; indexdef: string }[] = await conn.execute(
      `select indexname, indexdef from pg_indexes where tablename = 'invoice' and indexname like '%overdue%' order by 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(['invoice_recipient_overdue_idx', 'invoice_supplier_overdue_idx']);
    for (const index of indexes) {
      const listed = [...index.indexdef.matchAll(/'([A-Z_]+)'::/g)].map((m) => m[1]).sort();
      expect([index.indexname, listed]).toEqual([index.indexname, statuses]);
    }
  });
});
