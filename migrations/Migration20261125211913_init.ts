import { Migration } from '@mikro-orm/migrations';

export class Migration20261125211913_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "mfa_method" as enum ('EMAIL', 'TOTP');`);
    this.addSql(`create type "link_purpose" as enum ('ACTIVATION', 'PASSWORD_RESET');`);
    this.addSql(`create type "user_status" as enum ('PENDING', 'ACTIVE', 'DEACTIVATED');`);
    this.addSql(`create table "captcha_challenge" ("id" uuid not null, "answer_hash" varchar(64) not null, "expires_at" timestamptz not null, constraint "captcha_challenge_pkey" primary key ("id"));`);
    this.addSql(`create index "captcha_challenge_expires_at_index" on "captcha_challenge" ("expires_at");`);

    this.addSql(`create table "handled_event" ("handler" varchar(120) not null, "event_id" uuid not null, "handled_at" timestamptz not null, constraint "handled_event_pkey" primary key ("handler", "event_id"));`);

    this.addSql(`create table "account_login_throttle" ("email" varchar(254) not null, "failures" int not null default 0, "locked_until" timestamptz null, "last_failure_at" timestamptz not null, constraint "account_login_throttle_pkey" primary key ("email"));`);

    this.addSql(`create table "mail_delivery" ("id" uuid not null, "idempotency_key" varchar(200) not null, "template" varchar(80) not null, "recipient" varchar(320) not null, "status" varchar(10) not null default 'pending', "attempts" int not null default 0, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "mail_delivery_pkey" primary key ("id"));`);
    this.addSql(`alter table "mail_delivery" add constraint "mail_delivery_idempotency_key_unique" unique ("idempotency_key");`);

    this.addSql(`create table "account_mfa_challenge" ("id" varchar(64) not null, "user_id" uuid not null, "method" "mfa_method" not null, "code_hash" varchar(64) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "attempts" int not null, "consumed_at" timestamptz null, constraint "account_mfa_challenge_pkey" primary key ("id"));`);
    this.addSql(`create index "account_mfa_challenge_user_id_index" on "account_mfa_challenge" ("user_id");`);

    this.addSql(`create table "account_one_time_link" ("id" uuid not null, "user_id" uuid not null, "purpose" "link_purpose" not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "failed_attempts" int not null default 0, constraint "account_one_time_link_pkey" primary key ("id"));`);
    this.addSql(`alter table "account_one_time_link" add constraint "account_one_time_link_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "account_one_time_link_user_id_purpose_index" on "account_one_time_link" ("user_id", "purpose");`);

    this.addSql(`create table "outbox_event" ("id" uuid not null, "type" varchar(100) not null, "payload" jsonb not null, "actor" jsonb not null, "occurred_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_event_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_event_unpublished_idx" on "outbox_event" ("id") where "published_at" is null;`);
    // Wakes the outbox relay as soon as a transaction that recorded events commits (NOTIFY is transactional).
    this.addSql(`create function "outbox_event_notify"() returns trigger language plpgsql as $$ begin perform pg_notify('outbox_event', ''); return null; end $$;`);
    this.addSql(`create trigger "outbox_event_notify" after insert on "outbox_event" for each statement execute function "outbox_event_notify"();`);

    this.addSql(`create table "account_session" ("id" uuid not null, "user_id" uuid not null, "refresh_token_hash" varchar(64) not null, "generation" int not null, "created_at" timestamptz not null, "last_refreshed_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, "user_agent" varchar(300) null, constraint "account_session_pkey" primary key ("id"));`);
    this.addSql(`create index "account_session_user_id_index" on "account_session" ("user_id");`);

    this.addSql(`create table "account_user" ("id" uuid not null, "login_email" varchar(254) not null, "contact_email" varchar(254) not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "phone" varchar(30) null, "mobile_phone" varchar(30) null, "postal_address" jsonb null, "status" "user_status" not null, "password_hash" varchar(200) null, "secret_question" varchar(200) null, "secret_answer_hash" varchar(200) null, "terms_accepted_at" timestamptz not null, "survey_consent" boolean not null, "is_admin" boolean not null, "mfa_method" "mfa_method" not null, "totp_secret" varchar(200) null, "totp_pending_secret" varchar(200) null, "totp_last_step" bigint null, "created_at" timestamptz not null, "activated_at" timestamptz null, "deactivated_at" timestamptz null, "reactivation_requested_at" timestamptz null, "version" int not null default 1, constraint "account_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "account_user" add constraint "account_user_login_email_unique" unique ("login_email");`);
    this.addSql(`create index "account_user_status_created_at_index" on "account_user" ("status", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "captcha_challenge" cascade;`);

    this.addSql(`drop table if exists "handled_event" cascade;`);

    this.addSql(`drop table if exists "account_login_throttle" cascade;`);

    this.addSql(`drop table if exists "mail_delivery" cascade;`);

    this.addSql(`drop table if exists "account_mfa_challenge" cascade;`);

    this.addSql(`drop table if exists "account_one_time_link" cascade;`);

    this.addSql(`drop table if exists "outbox_event" cascade;`);
    this.addSql(`drop function if exists "outbox_event_notify"();`);

    this.addSql(`drop table if exists "account_session" cascade;`);

    this.addSql(`drop table if exists "account_user" cascade;`);

    this.addSql(`drop type "mfa_method";`);
    this.addSql(`drop type "link_purpose";`);
    this.addSql(`drop type "user_status";`);
  }

}
