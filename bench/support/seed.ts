import { Client } from 'pg';

/**
 * `mixed`: 1–3 contacts per tenant (tenant n has 1 + n % 3), all at priority 1, each with an email
 * and about 30 % with a phone too; `email` / `sms`: one contact with only that address.
 * Every tenant has one exposure that the bench incident's scope matches.
 */
export type ContactMix = 'mixed' | 'email' | 'sms';

const CHUNK = 250_000;

/** Inserts `count` synthetic tenants with plain SQL (generate_series), far faster than the HTTP import. */
export async function seedTenants(databaseUrl: string, count: number, mix: ContactMix, log: (line: string) => void = () => undefined): Promise<{ email: number; sms: number }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (let from = 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await db.query(
        `WITH t AS (
           INSERT INTO tenant (external_id, name, locale, country, timezone)
           SELECT 'bench-' || lpad(i::text, 8, '0'), 'Bench tenant ' || i, (ARRAY['en','pl','nl','fr','es','de'])[1 + i % 6], 'PL', 'Europe/Warsaw'
             FROM generate_series($1::int, $2::int) i
           RETURNING id, split_part(external_id, '-', 2)::int AS n),
         c AS (
           INSERT INTO contact (tenant_id, position, role, name, email, phone, priority)
           SELECT t.id, j - 1, (ARRAY['dpo','security','it'])[j], 'Contact ' || j,
                  CASE WHEN $3 <> 'sms' THEN 'c' || j || '.t' || t.n || '@bench.example' END,
                  CASE WHEN $3 = 'sms' OR ($3 = 'mixed' AND (t.n * 3 + j) % 10 < 3) THEN '+4860' || lpad(((t.n * 3 + j) % 10000000)::text, 7, '0') END,
                  1
             FROM t CROSS JOIN LATERAL generate_series(1, CASE WHEN $3 = 'mixed' THEN 1 + t.n % 3 ELSE 1 END) j)
         INSERT INTO exposure (tenant_id, position, system, sub_processor, data_categories, "from", "to", data_subjects, records)
         SELECT t.id, 0, 'sms-gateway', 'SerwerSMS', ARRAY['phone_number','message_content'], DATE '2019-03-01', NULL, 100 + t.n % 5000, 1000 + t.n % 50000
           FROM t`,
        [from, to, mix],
      );
      log(`seeded ${to.toLocaleString('en')} of ${count.toLocaleString('en')} tenants`);
    }
    await db.query('ANALYZE tenant; ANALYZE contact; ANALYZE exposure');
    const { rows } = await db.query('SELECT count(email)::int AS email, count(phone)::int AS sms FROM contact');
    return rows[0];
  } finally {
    await db.end();
  }
}

/** The incident every bench run files: its scope matches the one seeded exposure of every tenant. */
export function benchIncident(reference: string, channels: ('email' | 'sms' | 'webhook')[]): Record<string, unknown> {
  return {
    reference,
    title: 'Unauthorised access to the SMS archive',
    source: { kind: 'sub_processor', name: 'SerwerSMS' },
    awareAt: '2023-04-19T14:00:00Z',
    occurredFrom: '2023-04-19T00:00:00Z',
    occurredTo: '2023-04-19T16:00:00Z',
    nature: ['confidentiality'],
    scope: {
      systems: ['sms-gateway'],
      subProcessors: ['SerwerSMS'],
      dataCategories: ['phone_number', 'message_content'],
      exposedFrom: '2018-01-01',
      exposedTo: '2023-04-19',
      includeTenants: [],
      excludeTenants: [],
    },
    description: { en: 'An attacker read part of the SMS archive.', pl: 'Atakujący odczytał część archiwum SMS.' },
    consequences: 'Phone numbers and message content may be known to the attacker.',
    measuresTaken: 'Access revoked, credentials rotated, archive re-encrypted.',
    recommendedActions: 'Warn your users about phishing messages.',
    contact: { name: 'Data Protection Officer', email: 'dpo@vendor.example', phone: '+48221234567' },
    channels,
  };
}
