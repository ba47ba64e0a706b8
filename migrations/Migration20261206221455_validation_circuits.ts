import { Migration } from '@mikro-orm/migrations';

/**
 * Validation circuits (A9 subcontractor, A12 co-contractor): the validating structure an invoice names, on the
 * invoice (what it says) and on its lifecycle (who may decide; the validator's list by status).
 */
export class Migration20261206221455_validation_circuits extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice" add column "validator_structure_id" uuid null;`);

    this.addSql(`alter table "invoice_lifecycle" add column "validator_structure_id" uuid null;`);
    this.addSql(`create index "invoice_lifecycle_validator_structure_id_status_index" on "invoice_lifecycle" ("validator_structure_id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice" drop column "validator_structure_id";`);

    this.addSql(`drop index "invoice_lifecycle_validator_structure_id_status_index";`);
    this.addSql(`alter table "invoice_lifecycle" drop column "validator_structure_id";`);
  }

}
