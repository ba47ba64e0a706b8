import { Migration } from '@mikro-orm/migrations';

export class Migration20261207021000_file_media_types extends Migration {

  override async up(): Promise<void> {
    // Declared types kept with a line break made their file undownloadable (the Content-Type header cannot
    // carry one); new ones are plain types (shared/files/media-type.ts declaredMediaType).
    this.addSql(`update "invoice_file" set "media_type" = 'application/octet-stream' where "media_type" ~ '[[:cntrl:]]';`);
    this.addSql(`update "piste_staged_attachment" set "media_type" = 'application/octet-stream' where "media_type" ~ '[[:cntrl:]]';`);
  }

  override async down(): Promise<void> {
    // Data only: nothing to undo.
  }

}
