import { Migration } from '@mikro-orm/migrations';

/**
 * Integer public ids of bank accounts (idCoordonneeBancaire of the API mode). Equivalent to
 * `add column public_id bigserial`, spelled out so existing rows are numbered in creation order
 * (a bare bigserial would number them in physical order) and the sequence continues after them.
 */
export class Migration20261125222911_bank_account_public_ids extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence "org_bank_account_public_id_seq";`);
    this.addSql(`alter table "org_bank_account" add column "public_id" bigint null;`);
    this.addSql(`update "org_bank_account" b set "public_id" = o.n from (select "id", row_number() over (order by "created_at", "id") as n from "org_bank_account") o where b."id" = o."id";`);
    this.addSql(`select setval('org_bank_account_public_id_seq', coalesce((select max("public_id") from "org_bank_account"), 0) + 1, false);`);
    this.addSql(`alter table "org_bank_account" alter column "public_id" set default nextval('org_bank_account_public_id_seq'), alter column "public_id" set not null;`);
    this.addSql(`alter sequence "org_bank_account_public_id_seq" owned by "org_bank_account"."public_id";`);
    this.addSql(`alter table "org_bank_account" add constraint "org_bank_account_public_id_unique" unique ("public_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "org_bank_account" drop constraint "org_bank_account_public_id_unique";`);
    // Drops the sequence it owns too.
    this.addSql(`alter table "org_bank_account" drop column "public_id";`);
  }

}
