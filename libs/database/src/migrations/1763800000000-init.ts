import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763800000000 implements MigrationInterface {
  name = 'Init1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        external_id text NOT NULL UNIQUE,
        name text NOT NULL,
        locale text NOT NULL,
        country text NOT NULL,
        timezone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        position int NOT NULL,
        role text NOT NULL,
        name text,
        email text,
        phone text,
        priority int NOT NULL DEFAULT 1,
        locale text
      );
      CREATE INDEX contact_tenant_idx ON contact (tenant_id, priority);
      CREATE TABLE exposure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        position int NOT NULL,
        system text NOT NULL,
        sub_processor text,
        data_categories text[] NOT NULL,
        "from" date,
        "to" date,
        data_subjects bigint NOT NULL DEFAULT 0,
        records bigint NOT NULL DEFAULT 0
      );
      CREATE INDEX exposure_tenant_idx ON exposure (tenant_id);
      CREATE INDEX exposure_system_idx ON exposure (system, sub_processor);

      CREATE TABLE incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        current_version int NOT NULL DEFAULT 1,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE incident_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
        version int NOT NULL,
        status text NOT NULL,
        body jsonb NOT NULL,
        change_summary jsonb,
        created_by uuid,
        approved_by uuid,
        approved_at timestamptz,
        dispatched_at timestamptz,
        planned_at timestamptz,
        completed_at timestamptz,
        fanout_cursor jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, version)
      );
      CREATE TABLE affected_tenant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
        version int NOT NULL,
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        kind text NOT NULL,
        facts jsonb NOT NULL,
        first_sent_at timestamptz,
        notified_priority int,
        escalated_at timestamptz,
        escalation_exhausted boolean NOT NULL DEFAULT false,
        ack_token_hash text NOT NULL UNIQUE,
        acknowledged_at timestamptz,
        ack_ip text,
        ack_user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, version, tenant_id)
      );
      CREATE INDEX affected_escalation_idx ON affected_tenant (first_sent_at) WHERE acknowledged_at IS NULL AND NOT escalation_exhausted;

      CREATE TABLE notice (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        incident_id uuid NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
        version int NOT NULL,
        affected_id uuid NOT NULL REFERENCES affected_tenant(id),
        tenant_id uuid NOT NULL,
        tenant_external_id text NOT NULL,
        contact_id uuid NOT NULL,
        contact_role text NOT NULL,
        contact_name text,
        contact_priority int NOT NULL,
        channel text NOT NULL,
        "to" text NOT NULL,
        locale text NOT NULL,
        kind text NOT NULL,
        escalated boolean NOT NULL DEFAULT false,
        status text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        provider_message_id text,
        message_id text,
        subject text,
        content_hash text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        UNIQUE (incident_id, version, contact_id, channel)
      );
      CREATE INDEX notice_incident_status_idx ON notice (incident_id, version, status);
      CREATE INDEX notice_affected_idx ON notice (affected_id);
      CREATE INDEX notice_provider_idx ON notice (provider_message_id) WHERE provider_message_id IS NOT NULL;
      CREATE INDEX notice_tenant_idx ON notice (tenant_external_id, seq);
      CREATE INDEX notice_incident_seq_idx ON notice (incident_id, seq);
      CREATE INDEX notice_open_idx ON notice (updated_at) WHERE status IN ('pending', 'queued', 'sending');
      CREATE TABLE notice_event (
        id bigserial PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        detail jsonb
      );
      CREATE INDEX notice_event_notice_idx ON notice_event (notice_id, id);

      CREATE TABLE sandbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL,
        "to" text NOT NULL,
        "from" text,
        subject text,
        text text NOT NULL,
        html text,
        headers jsonb,
        provider_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sandbox_message_created_idx ON sandbox_message (created_at DESC);

      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE audit_entry (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        details jsonb NOT NULL,
        hash text NOT NULL,
        prev_hash text NOT NULL
      );
      CREATE INDEX audit_action_idx ON audit_entry (action, seq);
      CREATE TABLE app_secret (
        name text PRIMARY KEY,
        value text NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS app_secret, audit_entry, api_key, sandbox_message, notice_event, notice,
      affected_tenant, incident_version, incident, exposure, contact, tenant CASCADE`);
  }
}
