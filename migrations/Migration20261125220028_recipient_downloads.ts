import { Migration } from '@mikro-orm/migrations';

export class Migration20261125220028_recipient_downloads extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice" add column "recipient_downloaded_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invoice" drop column "recipient_downloaded_at";`);
  }

}
