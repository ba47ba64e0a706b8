import { Migration } from '@mikro-orm/migrations';

/**
 * Exact invoice counts per structure, side and status without counting rows (architecture D19). A
 * search's total was an exact `count(*)`: an index-only scan that walks one index entry per invoice, about
 * 4 ms of PostgreSQL for a structure with 65 000 invoices, growing with the structure. The unfiltered and
 * status-only totals, the common ones, now sum at most one row per status plus the recent changes.
 *
 * Triggers on `invoice` append a delta row per (structure, side, status) an invoice enters (+1) or leaves
 * (−1): appends never wait for each other, unlike a counter row updated by every submission of a busy
 * supplier (and two transactions updating two counter rows in opposite orders would deadlock).
 * `invoice_count_compact` folds deltas into `invoice_count` (the worker calls it every few seconds);
 * `invoice_count_rebuild` recounts from `invoice` (after a bulk load with triggers disabled).
 *
 * Sides: `supplier` counts every invoice by supplier_structure_id and supplier_status (what the supplier
 * search filters on); `recipient` counts submitted invoices by recipient_structure_id and status.
 */
export class Migration20261126050138_invoice_counts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "invoice_count" ("structure_id" uuid not null, "side" varchar(10) not null, "status" varchar(40) not null, "invoices" bigint not null, constraint "invoice_count_pkey" primary key ("structure_id", "side", "status"));`);

    this.addSql(`create table "invoice_count_delta" ("id" bigserial primary key, "structure_id" uuid not null, "side" varchar(10) not null, "status" varchar(40) not null, "delta" int not null);`);
    this.addSql(`create index "invoice_count_delta_key_idx" on "invoice_count_delta" ("structure_id", "side");`);
    // Rows live seconds: vacuum after every 10 000 compacted ones, whatever the table's size.
    this.addSql(`alter table "invoice_count_delta" set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);`);

    this.addSql(`
      create function invoice_count_track() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' or (tg_op = 'UPDATE' and (old.supplier_structure_id, old.supplier_status) is distinct from (new.supplier_structure_id, new.supplier_status)) then
          insert into invoice_count_delta (structure_id, side, status, delta) values (old.supplier_structure_id, 'supplier', old.supplier_status, -1);
        end if;
        if tg_op = 'INSERT' or (tg_op = 'UPDATE' and (old.supplier_structure_id, old.supplier_status) is distinct from (new.supplier_structure_id, new.supplier_status)) then
          insert into invoice_count_delta (structure_id, side, status, delta) values (new.supplier_structure_id, 'supplier', new.supplier_status, 1);
        end if;
        if tg_op <> 'INSERT' and old.submitted_at is not null and old.recipient_structure_id is not null
           and (tg_op = 'DELETE' or (old.recipient_structure_id, old.status, true) is distinct from (new.recipient_structure_id, new.status, new.submitted_at is not null)) then
          insert into invoice_count_delta (structure_id, side, status, delta) values (old.recipient_structure_id, 'recipient', old.status, -1);
        end if;
        if tg_op <> 'DELETE' and new.submitted_at is not null and new.recipient_structure_id is not null
           and (tg_op = 'INSERT' or (new.recipient_structure_id, new.status, true) is distinct from (old.recipient_structure_id, old.status, old.submitted_at is not null)) then
          insert into invoice_count_delta (structure_id, side, status, delta) values (new.recipient_structure_id, 'recipient', new.status, 1);
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "invoice_count_insert_delete" after insert or delete on "invoice" for each row execute function invoice_count_track();`);
    // Only the columns counted: the WHEN test runs without entering PL/pgSQL, so other updates cost nothing.
    this.addSql(`create trigger "invoice_count_update" after update on "invoice" for each row when (
        old.supplier_structure_id is distinct from new.supplier_structure_id or old.supplier_status is distinct from new.supplier_status
        or old.recipient_structure_id is distinct from new.recipient_structure_id or old.status is distinct from new.status
        or (old.submitted_at is null) <> (new.submitted_at is null)
      ) execute function invoice_count_track();`);

    // One compaction at a time (a second caller returns 0 at once): two would lock delta and count rows in
    // different orders. Returns the number of delta rows folded; callers repeat while it equals the batch.
    this.addSql(`
      create function invoice_count_compact(batch integer) returns integer language plpgsql as $$
      declare folded integer;
      begin
        if not pg_try_advisory_xact_lock(hashtext('invoice_count_compact')) then
          return 0;
        end if;
        with moved as (
          delete from invoice_count_delta where id in (select id from invoice_count_delta order by id limit batch)
          returning structure_id, side, status, delta
        ), summed as (
          select structure_id, side, status, sum(delta) as delta, count(*) as moved_rows from moved group by structure_id, side, status
        ), applied as (
          insert into invoice_count (structure_id, side, status, invoices)
          select structure_id, side, status, delta from summed
          on conflict (structure_id, side, status) do update set invoices = invoice_count.invoices + excluded.invoices
        )
        select coalesce(sum(moved_rows), 0) into folded from summed;
        return folded;
      end $$;`);

    // Writers wait while it runs (the lock on the delta table): no change is counted twice or missed.
    this.addSql(`
      create function invoice_count_rebuild() returns void language plpgsql as $$
      begin
        lock table invoice_count_delta in exclusive mode;
        perform pg_advisory_xact_lock(hashtext('invoice_count_compact'));
        delete from invoice_count_delta;
        delete from invoice_count;
        insert into invoice_count (structure_id, side, status, invoices)
          select supplier_structure_id, 'supplier', supplier_status, count(*) from invoice group by supplier_structure_id, supplier_status;
        insert into invoice_count (structure_id, side, status, invoices)
          select recipient_structure_id, 'recipient', status, count(*) from invoice
          where submitted_at is not null and recipient_structure_id is not null group by recipient_structure_id, status;
      end $$;`);
    this.addSql(`select invoice_count_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "invoice_count_update" on "invoice";`);
    this.addSql(`drop trigger if exists "invoice_count_insert_delete" on "invoice";`);
    this.addSql(`drop function if exists invoice_count_rebuild();`);
    this.addSql(`drop function if exists invoice_count_compact(integer);`);
    this.addSql(`drop function if exists invoice_count_track();`);
    this.addSql(`drop table if exists "invoice_count" cascade;`);
    this.addSql(`drop table if exists "invoice_count_delta" cascade;`);
  }

}
