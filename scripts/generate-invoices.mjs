#!/usr/bin/env node
// `npm run bench:data`: a large, consistent dataset for the benchmarks (docs/benchmarks.md). Run after
// `npm run migrate && npm run seed` (it needs the reference public structures and the demo accounts).
//
//   node scripts/generate-invoices.mjs [--invoices 1000000] [--structures 10000] [--recipients 200]
//        [--demo-invoices 50000] [--batch 10000] [--database-url postgres://…] [--reset]
//
// What it writes (all tagged so `--reset` removes exactly that):
// - structures: `--structures` in all, of which `--recipients` PUBLIQUE (the seeded ones count) and the
//   rest PRIVEE (the seeded demo supplier counts); generated ones have label 'bench-data' and a
//   Luhn-valid SIRET starting with 99. Each generated public structure gets 3 services (BENCH-SVC-1..3).
// - invoices: created_by = BENCH_TAG. 1 in 20 (`--demo-invoices`) is issued by the demo supplier
//   structure (to any recipient), 1 in 20 is received by COMMUNE DE LYON (the demo recipient); the
//   rest go from a random generated supplier to a random other public structure. Creation dates grow
//   with the row number over the last 3 years (so uuidv7-like ids stay append-mostly in the indexes).
// - every status of the ordinary lifecycle, with invoice_lifecycle and invoice_status_history rows
//   exactly as the application writes them: seq 1 = BROUILLON, then each transition of the path;
//   version = history_count = number of entries; invoice.status / supplier_status / payment_deadline
//   projected (the supplier never sees MISE_EN_PAIEMENT when the recipient does not report it), and the
//   webhooks' order mark of each invoice (webhook_order).
// Generation is server-side (INSERT … SELECT FROM generate_series, one statement per batch writing
// the three tables through data-modifying CTEs): nothing travels row by row.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

const BENCH_TAG = '00000000-0000-7000-8000-0000be4cda7a'; // invoice.created_by of generated rows
const STRUCTURE_TAG = 'bench-data'; // org_structure.label / org_service.description of generated rows
const DEMO_SUPPLIER_SIRET = '91234567500017';
const DEMO_RECIPIENT_SIRET = '21690123100011';

function args(argv) {
  const out = { invoices: 1_000_000, structures: 10_000, recipients: 200, demoInvoices: undefined, batch: 10_000, reset: false, databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liasse' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const name = a.replace(/=.*$/, '');
    if (name === '--invoices') out.invoices = Number(value());
    else if (name === '--structures') out.structures = Number(value());
    else if (name === '--recipients') out.recipients = Number(value());
    else if (name === '--demo-invoices') out.demoInvoices = Number(value());
    else if (name === '--batch') out.batch = Number(value());
    else if (name === '--database-url') out.databaseUrl = value();
    else if (name === '--reset') out.reset = true;
    else if (name === '--help' || name === '-h') {
      console.log('node scripts/generate-invoices.mjs [--invoices N] [--structures N] [--recipients N] [--demo-invoices N] [--batch N] [--database-url URL] [--reset]');
      process.exit(0);
    } else throw new Error(`Unknown argument ${a}`);
  }
  // Default: 1 invoice in 20 from the demo supplier, 1 in 20 to the demo recipient (50 000 of 1 000 000).
  out.demoInvoices ??= Math.round(out.invoices / 20);
  for (const k of ['invoices', 'structures', 'recipients', 'demoInvoices', 'batch']) {
    if (!Number.isInteger(out[k]) || out[k] < 0) throw new Error(`--${k} must be a non-negative integer`);
  }
  if (out.recipients < 2 || out.structures <= out.recipients) throw new Error('--structures must exceed --recipients (≥ 2)');
  return out;
}

/** A SIRET whose 14 digits pass the Luhn check (the platform's identifier rule). */
function siret(prefix, n) {
  const body = `${prefix}${String(n).padStart(12 - prefix.length, '0')}0`; // 13 digits
  const luhn = (digits) => {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10;
  };
  for (let c = 0; c <= 9; c++) if (luhn(body + c) === 0) return body + c;
  throw new Error('unreachable');
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function progress(label, total) {
  const started = Date.now();
  let last = 0;
  const draw = (done, final = false) => {
    const now = Date.now();
    if (!final && now - last < 200) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const rate = done / Math.max(elapsed, 0.001);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${((done / Math.max(total, 1)) * 100).toFixed(1)}% ${Math.round(rate).toLocaleString('en')}/s ETA ${Math.ceil(eta)}s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    if (final && process.stderr.isTTY) process.stderr.write('\n');
  };
  return { tick: (done) => done < total && draw(done), done: () => draw(total, true) };
}

// Final status → the path of statuses the application writes (seq 1 = BROUILLON), and its weight.
const PATHS = [
  ['BROUILLON', 0.03, []],
  ['DEPOSEE', 0.01, ['DEPOSEE']],
  ['EN_COURS_ACHEMINEMENT', 0.01, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT']],
  ['MISE_A_DISPOSITION', 0.1, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']],
  ['A_RECYCLER', 0.02, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'A_RECYCLER']],
  ['SUSPENDUE', 0.03, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SUSPENDUE']],
  ['COMPLETEE', 0.02, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SUSPENDUE', 'COMPLETEE']],
  ['REJETEE', 0.05, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'REJETEE']],
  ['SERVICE_FAIT', 0.08, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT']],
  ['MANDATEE', 0.08, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT', 'MANDATEE']],
  ['MISE_A_DISPOSITION_COMPTABLE', 0.07, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE']],
  ['COMPTABILISEE', 0.1, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE']],
  ['MISE_EN_PAIEMENT', 0.4, ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT']],
];
// Reform codes as REFORM_CODE_BY_STATUS (src/modules/lifecycle/domain/invoice-status.ts).
const REFORM = { DEPOSEE: 200, EN_COURS_ACHEMINEMENT: 201, MISE_A_DISPOSITION: 203, A_RECYCLER: 213, SUSPENDUE: 208, COMPLETEE: 209, REJETEE: 210, SERVICE_FAIT: 205, MANDATEE: 205, MISE_A_DISPOSITION_COMPTABLE: 205, COMPTABILISEE: 205, MISE_EN_PAIEMENT: 211 };
const SYSTEM_STATUSES = ['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'];
const SUPPLIER_STATUSES = ['BROUILLON', 'DEPOSEE', 'COMPLETEE'];
const REASONS = { A_RECYCLER: 'Service destinataire erroné', SUSPENDUE: 'Bon de livraison manquant', REJETEE: 'Facture non conforme au marché' };

async function reset(db) {
  const t0 = Date.now();
  const h = await db.query(`delete from invoice_status_history h using invoice i where i.id = h.invoice_id and i.created_by = $1`, [BENCH_TAG]);
  const l = await db.query(`delete from invoice_lifecycle l using invoice i where i.id = l.invoice_id and i.created_by = $1`, [BENCH_TAG]);
  await db.query(`delete from webhook_order w using invoice i where w.key = i.id::text and i.created_by = $1`, [BENCH_TAG]);
  const i = await db.query(`delete from invoice where created_by = $1`, [BENCH_TAG]);
  const s = await db.query(`delete from org_service where description = $1`, [STRUCTURE_TAG]);
  const st = await db.query(`delete from org_structure where label = $1`, [STRUCTURE_TAG]);
  console.log(`Reset: ${i.rowCount} invoices (${l.rowCount} lifecycles, ${h.rowCount} history rows), ${st.rowCount} structures, ${s.rowCount} services deleted in ${seconds(Date.now() - t0)}`);
}

async function structures(db, o) {
  const t0 = Date.now();
  const demoSupplier = (await db.query(`select id from org_structure where identifier_type = 'SIRET' and identifier = $1`, [DEMO_SUPPLIER_SIRET])).rows[0];
  const demoRecipient = (await db.query(`select id from org_structure where identifier_type = 'SIRET' and identifier = $1`, [DEMO_RECIPIENT_SIRET])).rows[0];
  if (!demoSupplier || !demoRecipient) throw new Error('Demo structures missing: run `npm run migrate && npm run seed` on this database first');
  const counts = (await db.query(`select structure_type::text as type, count(*)::int as n from org_structure group by 1`)).rows;
  const existing = Object.fromEntries(counts.map((r) => [r.type, r.n]));
  const publicToMake = Math.max(0, o.recipients - (existing.PUBLIQUE ?? 0));
  const privateToMake = Math.max(0, o.structures - o.recipients - (existing.PRIVEE ?? 0));
  const rows = [];
  for (let n = 1; n <= privateToMake; n++) rows.push([siret('99', n), 'PRIVEE', `ENTREPRISE BENCH ${String(n).padStart(5, '0')} SAS`, false]);
  for (let n = 1; n <= publicToMake; n++) rows.push([siret('98', n), 'PUBLIQUE', `COMMUNE BENCH ${String(n).padStart(4, '0')}`, n % 20 === 0]);
  await db.query(
    `insert into org_structure (id, identifier_type, identifier, structure_type, company_name, label, address, non_diffusible, active,
       service_code_required, engagement_required, service_code_or_engagement_required, payment_status_not_reported, can_receive_edi,
       moa_presence, payment_delay_days, created_at, version)
     select gen_random_uuid(), 'SIRET', t.identifier, t.type::structure_type, t.name, $5,
       jsonb_build_object('line1', '1 rue du Banc d''Essai', 'postalCode', '75001', 'city', 'Paris', 'country', 'FR'), false, true,
       false, false, false, t.not_reported, false, 'NONE', 30, now() - interval '4 years', 1
     from unnest($1::text[], $2::text[], $3::text[], $4::bool[]) as t(identifier, type, name, not_reported)`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), STRUCTURE_TAG],
  );
  const services = await db.query(
    `insert into org_service (id, structure_id, code, label, description, activation_start, active, engagement_required, created_at)
     select gen_random_uuid(), s.id, 'BENCH-SVC-' || k, 'Service ' || k, $1::text, '2020-01-01', true, false, now() - interval '4 years'
     from org_structure s cross join generate_series(1, 3) k where s.label = $1::text and s.structure_type = 'PUBLIQUE'`,
    [STRUCTURE_TAG],
  );
  console.log(`Structures: ${privateToMake} private + ${publicToMake} public created (${services.rowCount} services) in ${seconds(Date.now() - t0)}`);
  return { demoSupplierId: demoSupplier.id, demoRecipientId: demoRecipient.id };
}

async function pickTables(db, demo) {
  // Suppliers: every private structure but the demo one. Recipients: one row per (public structure,
  // active service) — or (structure, no service) when it has none; the demo recipient's rows first.
  await db.query(`create temp table bench_sup as select (row_number() over (order by id) - 1)::int as idx, id from org_structure where structure_type = 'PRIVEE' and id <> $1`, [demo.demoSupplierId]);
  await db.query(
    `create temp table bench_rcp as
     select (row_number() over (order by (s.id = $1) desc, s.id, sv.code) - 1)::int as idx, s.id as structure_id, sv.id as service_id, sv.code as service_code,
            s.payment_status_not_reported as not_reported, s.payment_delay_days as delay
     from org_structure s left join org_service sv on sv.structure_id = s.id and sv.active
     where s.structure_type = 'PUBLIQUE' and s.active`,
    [demo.demoRecipientId],
  );
  await db.query(`alter table bench_sup add primary key (idx)`);
  await db.query(`alter table bench_rcp add primary key (idx)`);
  const nSup = (await db.query(`select count(*)::int as n from bench_sup`)).rows[0].n;
  const nRcp = (await db.query(`select count(*)::int as n from bench_rcp`)).rows[0].n;
  const nLyon = (await db.query(`select count(*)::int as n from bench_rcp where structure_id = $1`, [demo.demoRecipientId])).rows[0].n;
  if (nSup === 0) throw new Error('No supplier structure to issue invoices from');

  let lo = 0;
  const paths = PATHS.map(([final, weight, steps]) => {
    const row = { final, lo, hi: lo + weight, statuses: ['BROUILLON', ...steps] };
    lo += weight;
    return row;
  });
  paths[paths.length - 1].hi = 1.000001;
  await db.query(
    `create temp table bench_path as select * from unnest($1::text[], $2::float8[], $3::float8[], $4::text[]) as t(final, lo, hi, statuses_csv)`,
    [paths.map((p) => p.final), paths.map((p) => p.lo), paths.map((p) => p.hi), paths.map((p) => p.statuses.join(','))],
  );
  await db.query(`create temp table bench_status as select * from unnest($1::text[], $2::int[], $3::text[], $4::text[]) as t(status, reform_code, actor_kind, reason)`, [
    Object.keys(REFORM).concat('BROUILLON'),
    Object.values(REFORM).concat(null),
    Object.keys(REFORM).concat('BROUILLON').map((s) => (SYSTEM_STATUSES.includes(s) ? 'system' : 'user')),
    Object.keys(REFORM).concat('BROUILLON').map((s) => REASONS[s] ?? null),
  ]);
  return { nSup, nRcp, nLyon, supplierSideStatuses: SUPPLIER_STATUSES };
}

// One batch [$1, $2): three tables in one statement. `rows3` is referenced several times, so PostgreSQL
// materialises it once: the random draws are shared by the invoice, its lifecycle and its history.
const BATCH_SQL = `
with src as (
  select g, random() as r_status, random() as r_sup, random() as r_rcp, random() as r_amt, random() as r_ack,
         md5(g::text || clock_timestamp()::text) as h
  from generate_series($1::int, $2::int - 1) g
), picked as (
  select src.*,
    case when g % $4::int = 0 then $6::uuid else sup.id end as supplier_id,
    rcp.structure_id as recipient_id, rcp.service_id, rcp.service_code, rcp.not_reported, rcp.delay,
    string_to_array(p.statuses_csv, ',') as statuses,
    -- creation date grows with g over 3 years (plus up to 6 hours of jitter), never in the future
    least($9::timestamptz - interval '1 minute', $9::timestamptz - interval '1095 days' + (g::float8 / $3::int) * interval '1095 days' + r_amt * interval '6 hours') as created_at
  from src
  join bench_sup sup on sup.idx = floor(r_sup * $7::int)::int
  join bench_rcp rcp on rcp.idx = case
      when g % $4::int = 1 then floor(r_rcp * $8::int)::int                           -- the demo recipient
      when g % $4::int = 0 then floor(r_rcp * $5::int)::int                           -- demo supplier: anyone
      else $8::int + floor(r_rcp * ($5::int - $8::int))::int end                           -- others: not the demo recipient
  join bench_path p on r_status >= p.lo and r_status < p.hi
), rows as (
  select picked.*,
    (lpad(to_hex((extract(epoch from created_at) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid as id,
    cardinality(statuses) as n,
    statuses[cardinality(statuses)] as final,
    -- spacing of the history entries: 3 days, less for recent invoices so nothing lands in the future
    least(interval '3 days', ($9::timestamptz - created_at) / (cardinality(statuses) + 1)) as step,
    round((50 + r_amt * 49950)::numeric, 2) as excl
  from picked
), rows2 as (
  select rows.*,
    case when final = 'MISE_EN_PAIEMENT' and not_reported then statuses[n - 1] else final end as supplier_status,
    case when n > 1 then created_at + step else null end as submitted_at,
    created_at + (n - 1) * step as status_changed_at,
    -- A_RECYCLER keeps the dates of its delivery (the lifecycle clears them when the recycled invoice is re-sent)
    case when n >= 4 then created_at + 3 * step end as made_available_at,
    round(excl * 0.2, 2) as vat
  from rows
), rows3 as (
  -- the payment deadline as the lifecycle sets it (payment-deadline.ts): day in France of MISE_A_DISPOSITION
  -- (seq 4) + the recipient's delay; after a completion (SUSPENDUE at seq 5, COMPLETEE at seq 6), 30 days
  -- from the completion day, or the balance left at suspension if longer (resumedPaymentDeadline).
  select rows2.*,
    case
      when made_available_at is null then null
      when final = 'COMPLETEE' then ((created_at + 5 * step) at time zone 'Europe/Paris')::date
        + greatest(30, ((made_available_at at time zone 'Europe/Paris')::date + delay) - ((created_at + 4 * step) at time zone 'Europe/Paris')::date)
      else (made_available_at at time zone 'Europe/Paris')::date + delay
    end as payment_deadline
  from rows2
), inv as (
  insert into invoice (id, supplier_structure_id, billing_framework, recipient_structure_id, recipient_service_code, recipient_service_id,
    recipient_is_state, number, invoice_date, invoice_year, currency, type, engagement_number, payment_mode, total_excl_tax, total_vat,
    total_incl_tax, amount_due, vat_breakdown, lines, deposit_mode, status, supplier_status, status_changed_at, payment_deadline, submitted_at,
    created_by, created_at, updated_at)
  select id, supplier_id, 'A1_FACTURE_FOURNISSEUR', recipient_id, service_code, case when n > 1 then service_id end,
    false, 'BX-' || lpad(g::text, 9, '0'), (created_at at time zone 'Europe/Paris')::date, extract(year from created_at at time zone 'Europe/Paris')::smallint,
    'EUR', 'FACTURE', 'EJ-' || g, 'VIREMENT', excl, vat, excl + vat, excl + vat,
    jsonb_build_array(jsonb_build_object('rate', '20', 'taxableAmount', excl::text, 'vatAmount', vat::text)), '[]'::jsonb,
    'SAISIE_WEB', final, supplier_status, status_changed_at, payment_deadline, submitted_at, '${BENCH_TAG}', created_at, status_changed_at
  from rows3
), lc as (
  insert into invoice_lifecycle (invoice_id, supplier_structure_id, recipient_structure_id, recipient_service_id, status, supplier_status,
    status_changed_at, history_count, made_available_at, payment_deadline, suspended_at, rejection_acknowledged, mandate_number, version)
  select id, supplier_id, case when n > 1 then recipient_id end, case when n > 1 then service_id end, final, supplier_status,
    status_changed_at, n, made_available_at, payment_deadline,
    case when final = 'SUSPENDUE' then status_changed_at end,
    final = 'REJETEE' and r_ack < 0.5,
    case when 'MANDATEE' = any(statuses) then 'M-' || g end,
    n
  from rows3
), wo as (
  -- The webhooks' per-invoice order mark, as the fan-out leaves it (its next event follows on from the history).
  insert into webhook_order (key, last_seq, updated_at) select id::text, n, status_changed_at from rows3
)
insert into invoice_status_history (id, invoice_id, seq, status, reform_code, at, actor_kind, actor_id, structure_id, service_id, comment, mandate_number)
select (lpad(to_hex((extract(epoch from r.created_at + (u.seq - 1) * r.step) * 1000)::bigint), 12, '0') || '7' || substr(md5(r.h || u.seq), 1, 3) || '8' || substr(md5(r.h || u.seq), 4, 15))::uuid,
  r.id, u.seq, u.status, bs.reform_code, r.created_at + (u.seq - 1) * r.step, bs.actor_kind, null,
  case when u.status = any($10::text[]) then r.supplier_id when bs.actor_kind = 'system' then null else r.recipient_id end,
  case when u.status = any($10::text[]) or bs.actor_kind = 'system' then null else r.service_id end,
  bs.reason, case when u.status = 'MANDATEE' then 'M-' || r.g end
from rows3 r
cross join lateral unnest(r.statuses) with ordinality as u(status, seq)
join bench_status bs on bs.status = u.status
`;

async function invoices(db, o, demo, pick) {
  const t0 = Date.now();
  const every = o.demoInvoices > 0 ? Math.max(2, Math.round(o.invoices / o.demoInvoices)) : o.invoices + 2;
  const now = new Date();
  const bar = progress('invoices', o.invoices);
  let history = 0;
  for (let start = 0; start < o.invoices; start += o.batch) {
    const end = Math.min(o.invoices, start + o.batch);
    const r = await db.query(BATCH_SQL, [start, end, o.invoices, every, pick.nRcp, demo.demoSupplierId, pick.nSup, pick.nLyon, now, pick.supplierSideStatuses]);
    history += r.rowCount;
    bar.tick(end);
  }
  bar.done();
  const ms = Date.now() - t0;
  console.log(`Invoices: ${o.invoices.toLocaleString('en')} (+ as many lifecycles, ${history.toLocaleString('en')} history rows) in ${seconds(ms)} — ${Math.round(o.invoices / (ms / 1000)).toLocaleString('en')} invoices/s`);
  return ms;
}

async function main() {
  const o = args(process.argv.slice(2));
  const db = new Client({ connectionString: o.databaseUrl, application_name: 'liasse-generate-invoices' });
  await db.connect();
  const t0 = Date.now();
  try {
    if (o.reset) await reset(db);
    const already = await db.query(`select (select count(*) from invoice where created_by = $1)::int as invoices, (select count(*) from org_structure where label = $2)::int as structures`, [BENCH_TAG, STRUCTURE_TAG]);
    if (already.rows[0].invoices > 0 || already.rows[0].structures > 0) {
      throw new Error(`This database already holds generated data (${already.rows[0].invoices} invoices, ${already.rows[0].structures} structures): run again with --reset to replace it`);
    }
    await db.query(`set synchronous_commit = off`);
    const demo = await structures(db, o);
    const pick = await pickTables(db, demo);
    await invoices(db, o, demo, pick);
    const tc = Date.now();
    // The invoice triggers logged one count delta per generated invoice: one recount instead of folding them.
    await db.query(`select invoice_count_rebuild()`);
    console.log(`Invoice counts rebuilt in ${seconds(Date.now() - tc)}`);
    const ta = Date.now();
    await db.query(`vacuum (analyze) invoice`);
    await db.query(`vacuum (analyze) invoice_lifecycle`);
    await db.query(`vacuum (analyze) invoice_status_history`);
    await db.query(`vacuum (analyze) invoice_count`);
    await db.query(`vacuum (analyze) invoice_count_delta`);
    await db.query(`analyze org_structure`);
    await db.query(`analyze org_service`);
    console.log(`VACUUM ANALYZE in ${seconds(Date.now() - ta)}`);
    const shares = await db.query(
      `select (select count(*) from invoice where supplier_structure_id = $1)::int as demo_supplier,
              (select count(*) from invoice where recipient_structure_id = $2 and submitted_at is not null)::int as demo_recipient_submitted`,
      [demo.demoSupplierId, demo.demoRecipientId],
    );
    console.log(`Demo supplier structure issues ${shares.rows[0].demo_supplier.toLocaleString('en')} invoices; COMMUNE DE LYON received ${shares.rows[0].demo_recipient_submitted.toLocaleString('en')}`);
    console.log(`Total ${seconds(Date.now() - t0)}`);
  } finally {
    await db.end();
  }
}

main().catch((error) => {
  console.error(`\n${process.env.DEBUG ? error.stack : (error.message ?? error)}`);
  process.exit(1);
});
