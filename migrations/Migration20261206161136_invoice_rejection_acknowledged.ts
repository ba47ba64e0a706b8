import { Migration } from '@mikro-orm/migrations';

export class Migration20261206161136_invoice_rejection_acknowledged extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice" add column "rejection_acknowledged" boolean not null default false;`);
    // The read model starts from the lifecycle's own flag (rejetTraite is filtered in SQL from now on).
    this.addSql(`update "invoice" i set "rejection_acknowledged" = true from "invoice_lifecycle" l where l."invoice_id" = i."id" and l."rejection_acknowledged";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice" drop column "rejection_acknowledged";`);
  }

}
