import { Migration } from '@mikro-orm/migrations';

export class Migration20261125220511_support extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "support_category" ("code" varchar(40) not null, "label" varchar(120) not null, "position" smallint not null default 0, "active" boolean not null default true, constraint "support_category_pkey" primary key ("code"));`);

    this.addSql(`create table "support_sub_category" ("code" varchar(40) not null, "category_code" varchar(40) not null, "label" varchar(160) not null, "routing" varchar(10) not null, "object_type" varchar(30) null, "object_required" boolean not null, "position" smallint not null, "active" boolean not null, constraint "support_sub_category_pkey" primary key ("code"));`);
    this.addSql(`create index "support_sub_category_category_idx" on "support_sub_category" ("category_code");`);

    this.addSql(`create table "support_ticket" ("id" uuid not null, "number" varchar(13) not null, "category_code" varchar(40) not null, "category_label" varchar(120) not null, "sub_category_code" varchar(40) not null, "sub_category_label" varchar(160) not null, "routing" varchar(10) not null, "object_type" varchar(30) null, "object_number" varchar(40) null, "invoice_id" uuid null, "emitter_structure_id" uuid null, "emitter_service_id" uuid null, "emitter_user_id" uuid null, "contact_name" varchar(200) null, "contact_email" varchar(254) not null, "receiver_structure_id" uuid null, "title" varchar(200) not null, "description" text not null, "status" varchar(30) not null, "status_changed_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "closed_at" timestamptz null, constraint "support_ticket_pkey" primary key ("id"));`);
    this.addSql(`alter table "support_ticket" add constraint "support_ticket_number_unique" unique ("number");`);
    this.addSql(`create index "support_ticket_created_idx" on "support_ticket" ("created_at");`);
    this.addSql(`create index "support_ticket_routing_idx" on "support_ticket" ("routing", "status");`);
    this.addSql(`create index "support_ticket_receiver_idx" on "support_ticket" ("receiver_structure_id", "status");`);
    this.addSql(`create index "support_ticket_emitter_idx" on "support_ticket" ("emitter_structure_id", "status");`);

    this.addSql(`create table "support_ticket_activity" ("id" uuid not null, "ticket_id" uuid not null, "kind" varchar(20) not null, "at" timestamptz not null, "side" varchar(10) not null, "actor_kind" varchar(20) not null, "actor_id" uuid null, "message" text null, "from_status" varchar(30) null, "to_status" varchar(30) null, "file_id" uuid null, constraint "support_ticket_activity_pkey" primary key ("id"));`);
    this.addSql(`create index "support_ticket_activity_ticket_idx" on "support_ticket_activity" ("ticket_id", "at");`);

    this.addSql(`create table "support_ticket_file" ("id" uuid not null, "ticket_id" uuid not null, "content" bytea not null, "sha256" varchar(64) not null, "size" int not null, "media_type" varchar(100) not null, "file_name" varchar(255) not null, "uploaded_by" uuid null, "created_at" timestamptz not null, constraint "support_ticket_file_pkey" primary key ("id"));`);
    this.addSql(`create index "support_ticket_file_ticket_idx" on "support_ticket_file" ("ticket_id");`);

    // Hand-written: ticket numbers (CPROCS + 7 digits) and the reference categories (also seeded by SupportSeed).
    this.addSql(`create sequence if not exists "support_ticket_number_seq" as bigint start 1 minvalue 1 maxvalue 9999999 no cycle;`);
    this.addSql(`insert into "support_category" ("code", "label", "position", "active") values ('FACTURES_EMISES', 'Factures émises', 1, true), ('FACTURES_A_VALIDER', 'Factures à valider', 2, true), ('REMBOURSEMENT_TIC', 'Remboursement TIC', 3, true), ('MEMOIRE_FRAIS_JUSTICE', 'Mémoire de frais de justice', 4, true), ('MON_COMPTE', 'Mon compte', 5, true), ('ORGANISATION', 'Organisation', 6, true), ('RACCORDEMENTS', 'Raccordements', 7, true) on conflict do nothing;`);
    this.addSql(`insert into "support_sub_category" ("code", "category_code", "label", "routing", "object_type", "object_required", "position", "active") values ('FE_M_DESTINATAIRE', 'FACTURES_EMISES', 'M - Question pour le destinataire de ma facture', 'BUSINESS', 'FACTURE', true, 1, true), ('FE_M_ENTITE_PUBLIQUE', 'FACTURES_EMISES', 'M - Question pour une entité publique', 'BUSINESS', null, false, 2, true), ('FE_R_REGLEMENTATION', 'FACTURES_EMISES', 'R - Question générale sur la réglementation', 'PLATFORM', null, false, 3, true), ('FE_TRAITEMENT', 'FACTURES_EMISES', 'Traitement', 'PLATFORM', 'FACTURE', false, 4, true), ('FAV_M_ENTITE_PUBLIQUE', 'FACTURES_A_VALIDER', 'M - Question pour une entité publique', 'BUSINESS', null, false, 1, true), ('FAV_TRAITEMENT', 'FACTURES_A_VALIDER', 'Traitement', 'PLATFORM', 'FACTURE', false, 2, true), ('RTIC_M_DEMANDE_REJETEE', 'REMBOURSEMENT_TIC', 'M - Question sur une demande rejetée', 'BUSINESS', 'DEMANDE_REMBOURSEMENT', true, 1, true), ('RTIC_R_REGLEMENTATION', 'REMBOURSEMENT_TIC', 'R - Question générale sur la réglementation', 'PLATFORM', null, false, 2, true), ('RTIC_TRAITEMENT', 'REMBOURSEMENT_TIC', 'Traitement', 'PLATFORM', 'DEMANDE_REMBOURSEMENT', false, 3, true), ('MFJ_M_SUIVI', 'MEMOIRE_FRAIS_JUSTICE', 'M - Suivi du traitement d''un mémoire', 'BUSINESS', null, false, 1, true), ('MFJ_TRAITEMENT', 'MEMOIRE_FRAIS_JUSTICE', 'Traitement', 'PLATFORM', null, false, 2, true), ('MC_TRAITEMENT', 'MON_COMPTE', 'Traitement', 'PLATFORM', null, false, 1, true), ('ORG_TRAITEMENT', 'ORGANISATION', 'Traitement', 'PLATFORM', null, false, 1, true), ('RAC_R_REGLEMENTATION', 'RACCORDEMENTS', 'R - Question générale sur la réglementation', 'PLATFORM', null, false, 1, true), ('RAC_TRAITEMENT', 'RACCORDEMENTS', 'Traitement', 'PLATFORM', null, false, 2, true) on conflict do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop sequence if exists "support_ticket_number_seq";`);

    this.addSql(`drop table if exists "support_category" cascade;`);

    this.addSql(`drop table if exists "support_sub_category" cascade;`);

    this.addSql(`drop table if exists "support_ticket" cascade;`);

    this.addSql(`drop table if exists "support_ticket_activity" cascade;`);

    this.addSql(`drop table if exists "support_ticket_file" cascade;`);
  }

}
