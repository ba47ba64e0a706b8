import { Migration } from '@mikro-orm/migrations';

const FILE_TABLES = ['invoice_stored_file', 'stored_file', 'piste_staged_attachment', 'support_ticket_file'];

/**
 * File bytes are stored as they come (TOAST out of line, no compression). With the default (EXTENDED)
 * PostgreSQL runs pglz over each file before storing it: PDFs and images are already compressed, so it
 * usually gave up after reading the whole file, 12–16 ms of CPU per megabyte for nothing
 * (docs/benchmarks/archive-2026.md, 2026-11-26 night). Affects rows written from now on.
 */
export class Migration20261126030000_files_stored_uncompressed extends Migration {

  override async up(): Promise<void> {
    for (const table of FILE_TABLES) this.addSql(`alter table "${table}" alter column "content" set storage external;`);
  }

  override async down(): Promise<void> {
    for (const table of FILE_TABLES) this.addSql(`alter table "${table}" alter column "content" set storage extended;`);
  }

}
