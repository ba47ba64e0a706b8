import { Migration } from '@mikro-orm/migrations';

/**
 * Flow reports (issue 17): a flow keeps one validation report per invoice document (`documents`: the file, what
 * it says, the invoice it became, its findings) and the findings about the flow itself (`findings`), instead
 * of free-text `invoice_errors` / `technical_errors`. Existing flows are converted: each refused invoice becomes
 * a document with one finding carrying the old text (rule LIASSE-LEGACY-REFUSAL), each integrated invoice a
 * valid document, each technical error a flow finding. A partial index serves the stuck-flow sweep and metric.
 */
export class Migration20261206163000_flow_reports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice_flow" add column "documents" jsonb not null default '[]', add column "findings" jsonb not null default '[]';`);

    this.addSql(`update "invoice_flow" f set "documents" =
      coalesce((select jsonb_agg(jsonb_build_object(
          'sourceName', f."file_name",
          'invoiceNumber', i."number",
          'supplierIdentifier', null,
          'recipientIdentifier', null,
          'invoiceId', ids.id,
          'report', jsonb_build_object('valid', true, 'findings', '[]'::jsonb)) order by ids.n)
        from jsonb_array_elements_text(f."invoice_ids") with ordinality as ids(id, n)
        left join "invoice" i on i."id"::text = ids.id), '[]'::jsonb)
      || coalesce((select jsonb_agg(jsonb_build_object(
          'sourceName', f."file_name",
          'invoiceNumber', e->'invoiceNumber',
          'supplierIdentifier', e->'supplierIdentifier',
          'recipientIdentifier', e->'recipientIdentifier',
          'invoiceId', null,
          'report', jsonb_build_object('valid', false, 'findings', jsonb_build_array(jsonb_build_object(
            'rule', 'LIASSE-LEGACY-REFUSAL', 'stage', 'platform', 'severity', 'error',
            'message', jsonb_build_object('fr', e->>'message', 'en', e->>'message'))))))
        from jsonb_array_elements(f."invoice_errors") e), '[]'::jsonb),
      "findings" = coalesce((select jsonb_agg(jsonb_build_object(
          'rule', 'LIASSE-' || replace(e->>'code', '_', '-'),
          'stage', case when e->>'nature' = 'FLUX' then 'file' else 'platform' end,
          'severity', 'fatal',
          'message', jsonb_build_object('fr', e->>'message', 'en', e->>'message'),
          'values', jsonb_build_object('code', e->>'code')))
        from jsonb_array_elements(f."technical_errors") e), '[]'::jsonb);`);

    this.addSql(`alter table "invoice_flow" alter column "documents" drop default, alter column "findings" drop default;`);
    this.addSql(`alter table "invoice_flow" drop column "invoice_errors", drop column "technical_errors";`);
    this.addSql(`create index "invoice_flow_waiting_idx" on "invoice_flow" ("deposited_at") where "state" in ('IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "invoice_flow_waiting_idx";`);
    this.addSql(`alter table "invoice_flow" add column "invoice_errors" jsonb not null default '[]', add column "technical_errors" jsonb not null default '[]';`);
    this.addSql(`update "invoice_flow" f set
      "invoice_errors" = coalesce((select jsonb_agg(jsonb_build_object(
          'supplierIdentifier', d->'supplierIdentifier', 'recipientIdentifier', d->'recipientIdentifier', 'invoiceNumber', d->'invoiceNumber',
          'message', (select string_agg(x->'message'->>'fr', ' ; ') from jsonb_array_elements(d->'report'->'findings') x)))
        from jsonb_array_elements(f."documents") d where d->'invoiceId' = 'null'::jsonb), '[]'::jsonb),
      "technical_errors" = coalesce((select jsonb_agg(jsonb_build_object(
          'code', coalesce(x->'values'->>'code', x->>'rule'), 'message', x->'message'->>'fr',
          'nature', case when x->>'stage' = 'file' then 'FLUX' else 'TECHNIQUE' end))
        from jsonb_array_elements(f."findings") x), '[]'::jsonb);`);
    this.addSql(`alter table "invoice_flow" alter column "invoice_errors" drop default, alter column "technical_errors" drop default;`);
    this.addSql(`alter table "invoice_flow" drop column "documents", drop column "findings";`);
  }

}
