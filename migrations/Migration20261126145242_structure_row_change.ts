import { Migration } from '@mikro-orm/migrations';

/**
 * Structures join the rows API and worker processes cache (architecture D13; migration row_change_notify
 * for the channel and the trigger function). Cached by id and by identifier: a change is announced under
 * both, and an insert too, since a new structure can change which one an identifier names (SIRET first).
 */
export class Migration20261126145242_structure_row_change extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create trigger "org_structure_row_change" after update or delete on "org_structure"
      for each row execute function "notify_row_change"('id');`);
    this.addSql(`create trigger "org_structure_identifier_row_change" after insert or update or delete on "org_structure"
      for each row execute function "notify_row_change"('identifier');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "org_structure_identifier_row_change" on "org_structure";`);
    this.addSql(`drop trigger if exists "org_structure_row_change" on "org_structure";`);
  }

}
