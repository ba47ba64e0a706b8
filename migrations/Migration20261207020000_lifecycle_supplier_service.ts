import { Migration } from '@mikro-orm/migrations';

export class Migration20261207020000_lifecycle_supplier_service extends Migration {

  override async up(): Promise<void> {
    // A draft moved to another supplier service kept, in its lifecycle, the service it was opened in (which
    // scopes who acts on it): the lifecycle now learns it at submission; those already moved learn it here.
    this.addSql(
      `update "invoice_lifecycle" l set "supplier_service_id" = i."supplier_service_id"
         from "invoice" i where i."id" = l."invoice_id" and l."supplier_service_id" is distinct from i."supplier_service_id";`,
    );
  }

  override async down(): Promise<void> {
    // Data only: nothing to undo.
  }

}
