/** Tenants and incidents for the delivery, crash and bad-input suites: one system, every tenant in scope. */
export const SYSTEM = 'mail-relay';

export function incident(reference: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    reference,
    title: 'Mail relay logs exposed',
    source: { kind: 'internal', name: SYSTEM },
    awareAt: '2024-05-02T08:00:00Z',
    occurredFrom: '2024-05-01T00:00:00Z',
    occurredTo: '2024-05-01T12:00:00Z',
    nature: ['confidentiality'],
    scope: { systems: [SYSTEM], dataCategories: ['email'], exposedFrom: '2020-01-01', exposedTo: '2024-05-01' },
    description: 'Delivery logs of the mail relay were readable without authentication.',
    contact: { name: 'Security Team', email: 'security@vendor.example' },
    channels: ['email', 'sms'],
    ...overrides,
  };
}

export interface ContactSpec {
  email?: string;
  phone?: string;
  priority?: number;
  role?: string;
}

export function tenant(externalId: string, contacts: ContactSpec[]): Record<string, any> {
  return {
    externalId,
    name: `Tenant ${externalId}`,
    locale: 'en',
    country: 'DE',
    timezone: 'Europe/Berlin',
    contacts: contacts.map((c, i) => ({ role: c.role ?? (i === 0 ? 'dpo' : 'security'), priority: c.priority ?? 1, email: c.email, phone: c.phone })),
    exposures: [{ system: SYSTEM, dataCategories: ['email'], from: '2021-01-01', to: null, dataSubjects: 100, records: 1000 }],
  };
}

/** A distinct, valid German mobile number per index (E.164). */
export const phoneOf = (i: number): string => `+49151${String(1_000_000 + i).padStart(8, '0')}`;
export const emailOf = (i: number): string => `dpo-${i}@tenant-${i}.example`;

/** `count` tenants, each with one primary contact by email and, when `sms`, by phone. */
export function manyTenants(count: number, options: { sms?: boolean; prefix?: string } = {}): Record<string, any>[] {
  return Array.from({ length: count }, (_, i) =>
    tenant(`${options.prefix ?? 't'}-${String(i).padStart(6, '0')}`, [{ email: emailOf(i), phone: options.sms === false ? undefined : phoneOf(i) }]),
  );
}
