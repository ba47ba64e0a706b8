import { Migration } from '@mikro-orm/migrations';

/**
 * Webhook subscriptions, their events, deliveries (the dispatcher's queue and the feed) and attempt log, and
 * the per-invoice order marks (docs/connect-your-erp.md, "Receive events"). A statement-level trigger wakes
 * the dispatcher when deliveries commit, as outbox_event's wakes the relay.
 */
export class Migration20261206215545_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook_attempt" ("id" uuid not null, "delivery_seq" bigint not null, "at" timestamptz not null, "status_code" int null, "latency_ms" int not null, "error" text null, constraint "webhook_attempt_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_attempt_delivery_idx" on "webhook_attempt" ("delivery_seq");`);

    this.addSql(`create table "webhook_delivery" ("seq" bigserial primary key, "subscription_id" uuid not null, "event_id" uuid not null, "ordering_key" varchar(64) null, "state" varchar(10) not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "created_at" timestamptz not null, "completed_at" timestamptz null);`);
    this.addSql(`create index "webhook_delivery_order_idx" on "webhook_delivery" ("subscription_id", "ordering_key", "seq") where "state" = 'PENDING';`);
    this.addSql(`create index "webhook_delivery_event_idx" on "webhook_delivery" ("event_id");`);
    this.addSql(`create index "webhook_delivery_due_idx" on "webhook_delivery" ("next_attempt_at") where "state" = 'PENDING';`);
    this.addSql(`create index "webhook_delivery_subscription_idx" on "webhook_delivery" ("subscription_id", "seq");`);

    this.addSql(`create table "webhook_event" ("id" uuid not null, "type" varchar(40) not null, "occurred_at" timestamptz not null, "structure_id" uuid not null, "data" jsonb not null, constraint "webhook_event_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_event_occurred_at_idx" on "webhook_event" ("occurred_at");`);

    this.addSql(`create table "webhook_order" ("key" varchar(64) not null, "last_seq" int not null, "updated_at" timestamptz not null, constraint "webhook_order_pkey" primary key ("key"));`);

    this.addSql(`create table "webhook_subscription" ("id" uuid not null, "structure_id" uuid not null, "owner_user_id" uuid null, "technical_account_id" uuid null, "oauth_client_id" uuid null, "url" text null, "event_types" jsonb not null, "description" varchar(200) null, "secret" text not null, "previous_secret" text null, "previous_secret_until" timestamptz null, "status" varchar(10) not null, "consecutive_failures" int not null, "paused_at" timestamptz null, "created_at" timestamptz not null, constraint "webhook_subscription_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_subscription_structure_idx" on "webhook_subscription" ("structure_id");`);

    // Invoices that already have a history: their next event follows on from it (a missing mark means a new invoice).
    this.addSql(`insert into "webhook_order" ("key", "last_seq", "updated_at") select "invoice_id"::text, "history_count", now() from "invoice_lifecycle";`);

    this.addSql(`create function "webhook_delivery_notify"() returns trigger language plpgsql as $$ begin perform pg_notify('webhook_delivery', ''); return null; end $$;`);
    this.addSql(`create trigger "webhook_delivery_notify" after insert on "webhook_delivery" for each statement execute function "webhook_delivery_notify"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "webhook_delivery_notify" on "webhook_delivery";`);
    this.addSql(`drop function if exists "webhook_delivery_notify"();`);
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_event" cascade;`);

    this.addSql(`drop table if exists "webhook_order" cascade;`);

    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
  }

}
