import { Migration } from '@mikro-orm/migrations';

export class Migration20261206221206_flow_content_sha256 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice_flow" add column "content_sha256" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice_flow" drop column "content_sha256";`);
  }

}
