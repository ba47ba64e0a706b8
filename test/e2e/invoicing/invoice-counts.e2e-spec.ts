import { InvoiceCounts } from '../../../src/modules/invoicing/infrastructure/counts/invoice-counts';
import { givenActiveUser } from '../../factories/accounts';
import { createDraft, draftBody, givenAvailableInvoice, givenPublicRecipient, givenSupplier, PublicRecipient, Supplier, waitForStatus } from '../../factories/invoicing';
import { givenMember } from '../../factories/organisation';
import { startTestApp, TestApp } from '../../support/test-app';

type CountRow = { structure_id: string; side: string; status: string; invoices: string };

/**
 * Search totals come from the counts the database keeps (migration invoice_counts, architecture D19) when
 * only statuses filter a whole structure, and from `count(*)` otherwise. Every way an invoice is written
 * (created, submitted, routed, processed, recycled to another recipient, deleted) must leave the counts
 * equal to a count of the rows, before and after compaction.
 */
describe('invoice counts behind search totals', () => {
  let t: TestApp;
  let supplier: Supplier;
  let first: PublicRecipient;
  let second: PublicRecipient;

  const sql = <T>(text: string, params: unknown[] = []): Promise<T[]> => t.orm.em.getConnection().execute<T[]>(text, params);
  const post = (path: string, body: unknown, token: string) => t.http.post(path, body, { token });

  /** The total of a search as the API answers it. */
  const apiTotal = async (token: string, query: Record<string, string>): Promise<number> => {
    const res = await t.http.get('/api/v1/invoices', { token, query: { pageSize: '1', ...query } });
    expect(res.status).toBe(200);
    return res.body.total as number;
  };

  /** The counts as a recount of `invoice` gives them, for the structures of this test. */
  const recount = (ids: string[]) =>
    sql<CountRow>(
      `select * from (
         select supplier_structure_id as structure_id, 'supplier' as side, supplier_status as status, count(*)::text as invoices from invoice group by 1, 2, 3
         union all
         select recipient_structure_id, 'recipient', status, count(*)::text from invoice where submitted_at is not null and recipient_structure_id is not null group by 1, 2, 3
       ) c where structure_id in (${ids.map(() => '?').join(', ')}) order by 1, 2, 3`,
      ids,
    );
  /** The counts as kept: compacted counts plus pending deltas, zeros left out. */
  const kept = (ids: string[]) =>
    sql<CountRow>(
      `select structure_id, side, status, sum(n)::text as invoices from (
         select structure_id, side, status, invoices as n from invoice_count
         union all select structure_id, side, status, delta from invoice_count_delta
       ) c where structure_id in (${ids.map(() => '?').join(', ')}) group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3`,
      ids,
    );
  const ids = () => [supplier.id, first.id, second.id];

  beforeAll(async () => {
    t = await startTestApp();
    supplier = await givenSupplier(t);
    first = await givenPublicRecipient(t, { services: [{ code: 'ACHATS' }] });
    second = await givenPublicRecipient(t);

    // Drafts (one deleted), available invoices, one suspended, one paid, one recycled to another recipient.
    await createDraft(t, supplier.owner.token, draftBody(supplier, first));
    const deleted = await createDraft(t, supplier.owner.token, draftBody(supplier, first));
    expect((await t.http.delete(`/api/v1/invoices/${deleted}`, { token: supplier.owner.token })).status).toBe(204);
    await givenAvailableInvoice(t, supplier, first);
    const suspended = await givenAvailableInvoice(t, supplier, first);
    expect((await post(`/api/v1/invoices/${suspended}/transitions`, { status: 'SUSPENDUE', reason: 'Pièce manquante' }, first.clerk.token)).status).toBe(200);
    const paid = await givenAvailableInvoice(t, supplier, first);
    expect((await post(`/api/v1/invoices/${paid}/transitions`, { status: 'MANDATEE', mandateNumber: 'M-1' }, first.clerk.token)).status).toBe(200);
    expect((await post(`/api/v1/invoices/${paid}/transitions`, { status: 'MISE_EN_PAIEMENT' }, first.clerk.token)).status).toBe(200);
    const recycled = await givenAvailableInvoice(t, supplier, first);
    expect((await post(`/api/v1/invoices/${recycled}/transitions`, { status: 'A_RECYCLER', reason: 'Mauvais destinataire' }, first.clerk.token)).status).toBe(200);
    expect((await post(`/api/v1/invoices/${recycled}/recycling`, { recipientStructureId: second.id }, supplier.owner.token)).status).toBe(200);
    await waitForStatus(t, second.clerk.token, recycled, 'MISE_A_DISPOSITION');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('match a recount of the invoices after every kind of write, before and after compaction', async () => {
    const expected = await recount(ids());
    expect(expected.find((r) => r.structure_id === supplier.id && r.status === 'BROUILLON')?.invoices).toBe('1');
    expect(expected.find((r) => r.structure_id === second.id && r.side === 'recipient')).toMatchObject({ status: 'MISE_A_DISPOSITION', invoices: '1' });
    expect(await kept(ids())).toEqual(expected);

    expect(await t.app.get(InvoiceCounts).compact()).toBeGreaterThanOrEqual(0);
    expect(await sql(`select 1 from invoice_count_delta`)).toEqual([]);
    expect(await kept(ids())).toEqual(expected);
    // A rebuild from the rows agrees with what compaction folded.
    await sql(`select invoice_count_rebuild()`);
    expect(await kept(ids())).toEqual(expected);
  });

  it('give the API totals, unfiltered and by status, on both sides', async () => {
    const token = supplier.owner.token;
    const [{ n: all }] = await sql<{ n: string }>(`select count(*) as n from invoice where supplier_structure_id = ?`, [supplier.id]);
    expect(await apiTotal(token, { role: 'supplier' })).toBe(Number(all));
    expect(Number(all)).toBe(5);
    expect(await apiTotal(token, { role: 'supplier', status: 'MISE_A_DISPOSITION,SUSPENDUE' })).toBe(3);
    expect(await apiTotal(token, { role: 'supplier', status: 'BROUILLON' })).toBe(1);
    expect(await apiTotal(first.clerk.token, { role: 'recipient' })).toBe(3);
    expect(await apiTotal(first.clerk.token, { role: 'recipient', status: 'MISE_EN_PAIEMENT' })).toBe(1);
    expect(await apiTotal(second.clerk.token, { role: 'recipient' })).toBe(1);
    // The total travels with the page's rows; an empty page still tells it, from either source.
    expect(await apiTotal(token, { role: 'supplier', page: '99' })).toBe(5);
    expect(await apiTotal(token, { role: 'supplier', dateFrom: '2000-01-01', page: '99' })).toBe(5);
    expect(await apiTotal(token, { role: 'supplier', status: 'REJETEE' })).toBe(0);
    expect(await apiTotal(token, { role: 'supplier', number: 'NO-SUCH-NUMBER' })).toBe(0);
  });

  it('are used only where they can answer: other filters and service-scoped members count rows', async () => {
    // A stray delta of +1000 shows which totals come from the counts (the worker may fold it meanwhile:
    // the rebuild below puts the true counts back either way).
    await sql(`insert into invoice_count_delta (structure_id, side, status, delta) values (?, 'supplier', 'SUSPENDUE', 1000)`, [supplier.id]);
    try {
      const token = supplier.owner.token;
      expect(await apiTotal(token, { role: 'supplier' })).toBe(1005);
      expect(await apiTotal(token, { role: 'supplier', status: 'SUSPENDUE' })).toBe(1001);
      expect(await apiTotal(token, { role: 'supplier', status: 'BROUILLON' })).toBe(1);
      expect(await apiTotal(token, { role: 'supplier', status: 'SUSPENDUE', dateFrom: '2000-01-01' })).toBe(1);
      expect(await apiTotal(token, { role: 'supplier', recipientStructureId: first.id })).toBe(4);
      expect(await apiTotal(token, { role: 'supplier', isState: 'false' })).toBe(5);
      expect(await apiTotal(token, { role: 'supplier', sort: 'number', direction: 'asc', page: '1' })).toBe(1005);

      const sales = await t.http.post(
        `/api/v1/structures/${supplier.id}/services`,
        { code: 'VENTES', label: 'Ventes', activationStart: '2020-01-01', active: true },
        { token },
      );
      expect(sales.status).toBe(201);
      const clerk = await givenActiveUser(t, { firstName: 'Vendeur' });
      await givenMember(t, supplier.owner, supplier.id, clerk, 'VENTES');
      expect(await apiTotal(clerk.token, { role: 'supplier' })).toBe(0);
    } finally {
      await sql(`select invoice_count_rebuild()`);
    }
    expect(await apiTotal(supplier.owner.token, { role: 'supplier' })).toBe(5);
  });

  it('a second compaction while one runs returns at once without folding anything twice', async () => {
    const held = await t.orm.em.getConnection().getKnex().transaction();
    try {
      // Taken first, so that the worker's own compaction cannot fold the new draft's delta either.
      await held.raw(`select pg_advisory_xact_lock(hashtext('invoice_count_compact'))`);
      await createDraft(t, supplier.owner.token, draftBody(supplier, first));
      expect(await t.app.get(InvoiceCounts).compact()).toBe(0);
      expect(await sql(`select delta from invoice_count_delta where structure_id = ?`, [supplier.id])).toEqual([{ delta: 1 }]);
    } finally {
      await held.rollback();
    }
    await t.app.get(InvoiceCounts).compact();
    expect(await sql(`select 1 from invoice_count_delta`)).toEqual([]);
    expect(await kept(ids())).toEqual(await recount(ids()));
    expect(await apiTotal(supplier.owner.token, { role: 'supplier', status: 'BROUILLON' })).toBe(2);
  });
  it('are read by a function that keeps index scans, which skip the dead delta entries a bitmap scan would revisit', async () => {
    // Migration count_total_function: without the setting, stale statistics chose a bitmap scan that
    // visited every folded delta's dead entry on each search and never marked one.
    const [fn] = await sql(`select proconfig from pg_proc where proname = 'invoice_count_total'`);
    expect(fn).toEqual({ proconfig: ['enable_bitmapscan=off'] });
    const [all] = await sql<{ total: string }>(`select invoice_count_total(array[?]::uuid[], 'supplier', null) as total`, [supplier.id]);
    const [none] = await sql<{ total: string }>(`select invoice_count_total(array[?]::uuid[], 'supplier', '{}') as total`, [supplier.id]);
    expect(Number(all!.total)).toBe((await recount(ids())).filter((c) => c.structure_id === supplier.id && c.side === 'supplier').reduce((a, c) => a + Number(c.invoices), 0));
    expect(Number(none!.total)).toBe(0);
  });
});
