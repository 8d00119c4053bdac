import { FanoutService } from '@app/dispatch';
import { waitUntil } from '@app/testing';
import request from 'supertest';
import { BoardRepository } from '@app/progress';
import type { DataSource } from 'typeorm';
import { incident, tenant } from './support/delivery-fixtures';
import { ConsoleClient } from './support/console-client';
import { Harness } from './support/harness';
import { ackTokenOf } from './support/notice-fixtures';

const HOUR = 3600_000;
/** Ten hours ago: 2- and 4-hour deadlines have passed, 24 hours and more have not. */
const AWARE_AT = new Date(Math.floor((Date.now() - 10 * HOUR) / 1000) * 1000).toISOString();
const dueIn = (hours: number) => new Date(Date.parse(AWARE_AT) + hours * HOUR).toISOString();

const mail = (id: string) => `dpo@${id}.example`;
const withClock = (t: Record<string, any>, clock: { regimes?: string[]; noticeDeadlineHours?: number }) => ({ ...t, ...clock });
const slowIds = Array.from({ length: 120 }, (_, i) => `slow-${String(i).padStart(3, '0')}`);

/**
 * 130 tenants with their own clocks (NOTICE_DEADLINE_DEFAULT is 96h here): in due order, a 2-hour tenant
 * that cannot be told by email, three with 4 hours, two with 24, one with 48 whose email is refused (an
 * escalation contact takes over), one under Regulation S-P (the default capped at 72), two on the default
 * and 120 with 120 hours.
 */
function tenants(): Record<string, any>[] {
  return [
    ...slowIds.map((id) => withClock(tenant(id, [{ email: mail(id) }]), { noticeDeadlineHours: 120 })),
    withClock(tenant('def-0', [{ email: mail('def-0') }]), {}),
    withClock(tenant('def-1', [{ email: mail('def-1') }]), {}),
    withClock(tenant('sec-0', [{ email: mail('sec-0') }]), { regimes: ['sec_reg_sp'] }),
    withClock(tenant('bad-0', [{ email: mail('bad-0') }, { email: 'soc@bad-0.example', priority: 2 }]), { noticeDeadlineHours: 48 }),
    withClock(tenant('mid-0', [{ email: mail('mid-0') }]), { noticeDeadlineHours: 24, regimes: ['nis2', 'dora'] }),
    withClock(tenant('mid-1', [{ email: mail('mid-1') }]), { noticeDeadlineHours: 24 }),
    withClock(tenant('fast-0', [{ email: mail('fast-0') }]), { noticeDeadlineHours: 4 }),
    withClock(tenant('fast-1', [{ email: mail('fast-1') }]), { noticeDeadlineHours: 4 }),
    withClock(tenant('fast-2', [{ email: mail('fast-2') }]), { noticeDeadlineHours: 4 }),
    withClock(tenant('mute-0', [{ phone: '+4915100000001' }]), { noticeDeadlineHours: 2 }),
  ];
}

/** Tenant ids in due order, ties in any order within their group. */
const GROUPS = [['mute-0'], ['fast-0', 'fast-1', 'fast-2'], ['mid-0', 'mid-1'], ['bad-0'], ['sec-0'], ['def-0', 'def-1'], slowIds];
const DUE: Record<string, string> = {
  'mute-0': dueIn(2),
  'fast-0': dueIn(4),
  'mid-0': dueIn(24),
  'bad-0': dueIn(48),
  'sec-0': dueIn(72),
  'def-0': dueIn(96),
  [slowIds[0]]: dueIn(120),
};
const groupOf = (id: string) => GROUPS.findIndex((g) => g.includes(id));

describe('the per-tenant board: each tenant due by its own clock', () => {
  let h: Harness;
  let id: string;

  /** Every board item over pages of `limit`, and the pages' cursors. */
  async function walk(query: string, limit: number): Promise<{ items: any[]; pages: number }> {
    const items: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: any[]; nextCursor: string | null } } = await h.auditor
        .get(`/v1/incidents/${id}/tenants?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    return { items, pages };
  }
  const names = (items: any[]) => items.map((i) => i.tenant);

  beforeAll(async () => {
    // One send at a time: the sink sees the emails in the order they were queued.
    h = await Harness.start({ env: { NOTICE_DEADLINE_DEFAULT: '96h', SEND_CONCURRENCY: '1' } });
    // Pages of 8 tenants: the 4-hour tenants are found late in the scan, wherever their ids fall.
    h.worker!.get(FanoutService).pageSize = 8;
    h.smtp.script(mail('bad-0'), Array(20).fill(550));
    await h.admin.post('/v1/tenants/import', { tenants: tenants() }).expect(200);
    id = await h.fileAndDispatch(incident('INC-CLOCKS-1', { awareAt: AWARE_AT, channels: ['email'] }));
    await h.waitForCompletion(id);
    await h.smtp.waitFor((m) => m.envelope.to.includes('soc@bad-0.example'));
    const token = ackTokenOf(h.smtp.messagesTo(mail('mid-0'))[0].text);
    await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').expect(200);
  });

  afterAll(() => h?.close());

  it("returns each tenant's regimes in effect and its own notice deadline", async () => {
    expect((await h.admin.get('/v1/tenants/mid-0').expect(200)).body).toMatchObject({ regimes: ['nis2', 'dora'], noticeDeadlineHours: 24 });
    expect((await h.admin.get('/v1/tenants/def-0').expect(200)).body).toMatchObject({ regimes: ['gdpr'], noticeDeadlineHours: null });
    expect((await h.admin.get('/v1/tenants/sec-0').expect(200)).body).toMatchObject({ regimes: ['sec_reg_sp'], noticeDeadlineHours: null });
  });

  it('queues the tenants due soonest first: the 4-hour tenants before 120 with 120 hours, as the sink received them', async () => {
    const notices = (await h.notices(id)).filter((n) => !n.escalated);
    const order = [...new Set(notices.map((n) => n.tenant as string))];
    expect(order.slice(0, 3).sort()).toEqual(['fast-0', 'fast-1', 'fast-2']);
    expect(order.map(groupOf)).toEqual([...order.map(groupOf)].sort((a, b) => a - b));
    const received = h.smtp.messages.filter((m) => !m.envelope.to.includes('soc@bad-0.example')).map((m) => m.envelope.to[0].replace(/^dpo@|\.example$/g, ''));
    expect(received.slice(0, 3).sort()).toEqual(['fast-0', 'fast-1', 'fast-2']);
    expect(received.map(groupOf)).toEqual([...received.map(groupOf)].sort((a, b) => a - b));
  });

  it('lists every affected tenant once, soonest due first, across pages', async () => {
    const { items, pages } = await walk('', 7);
    expect(pages).toBe(Math.ceil(130 / 7));
    expect(items).toHaveLength(130);
    expect(new Set(names(items)).size).toBe(130);
    expect(names(items).map(groupOf)).toEqual([...names(items).map(groupOf)].sort((a, b) => a - b));
    const byTenant = Object.fromEntries(items.map((i) => [i.tenant, i]));
    for (const [tenantId, dueAt] of Object.entries(DUE)) expect({ tenantId, dueAt: byTenant[tenantId].dueAt }).toEqual({ tenantId, dueAt });
    expect(byTenant['mid-0']).toMatchObject({
      name: 'Tenant mid-0',
      regimes: ['nis2', 'dora'],
      firstSentAt: expect.any(String),
      late: false,
      acknowledgedAt: expect.any(String),
      escalated: false,
      notices: { total: 1, sent: 1, delivered: 0, failed: 0, bounced: 0, undelivered: 0 },
    });
    expect(byTenant['fast-0']).toMatchObject({ late: true, firstSentAt: expect.any(String), acknowledgedAt: null });
    expect(Date.parse(byTenant['fast-0'].firstSentAt)).toBeGreaterThan(Date.parse(byTenant['fast-0'].dueAt));
    expect(byTenant['mute-0']).toMatchObject({ late: true, firstSentAt: null, notices: { total: 0 } });
    expect(byTenant['bad-0']).toMatchObject({ escalated: true, late: false, notices: { total: 2, sent: 1, failed: 1 } });
  });

  it('shows when a tenant whose email was refused was really first told: when its escalation contact was sent the notice', async () => {
    // Every email to bad-0's first contact was refused, so it escalated at once instead of after ESCALATE_AFTER (24 h).
    const soc = await waitUntil(async () => (await h.notices(id)).find((n) => n.to === 'soc@bad-0.example' && n.sentAt), { message: 'escalation email not recorded as sent' });
    const bad = (await walk('', 200)).items.find((i) => i.tenant === 'bad-0');
    expect(bad).toMatchObject({ escalated: true, firstSentAt: soc.sentAt, late: false });
    expect(Date.parse(bad.firstSentAt)).toBeGreaterThan(Date.parse(AWARE_AT));
    const [row] = await h.db.query(`SELECT a.first_sent_at FROM affected_tenant a JOIN tenant t ON t.id = a.tenant_id WHERE t.external_id = 'bad-0' AND a.incident_id = $1`, [id]);
    expect(row.first_sent_at.toISOString()).toBe(soc.sentAt);
  });

  it('order=problems puts the tenant whose email failed first, then the others by due time', async () => {
    const { items } = await walk('order=problems', 4);
    expect(items).toHaveLength(130);
    expect(items[0].tenant).toBe('bad-0');
    const rest = names(items.slice(1));
    expect(new Set(rest).size).toBe(129);
    expect(rest.map(groupOf)).toEqual([...rest.map(groupOf)].sort((a, b) => a - b));
  });

  it.each([
    ['unsent', ['mute-0']],
    ['late', ['mute-0', 'fast-0', 'fast-1', 'fast-2']],
    ['acknowledged', ['mid-0']],
    ['failed', ['bad-0']],
  ])('state=%s lists exactly those tenants', async (state, expected) => {
    const { items } = await walk(`state=${state}`, 2);
    expect(names(items).sort()).toEqual([...expected].sort());
    expect(names(items).map(groupOf)).toEqual([...names(items).map(groupOf)].sort((a, b) => a - b));
  });

  it('state=unacknowledged lists all but the tenant that acknowledged, in both orders', async () => {
    const due = await walk('state=unacknowledged', 50);
    expect(due.items).toHaveLength(129);
    expect(names(due.items)).not.toContain('mid-0');
    const problems = await walk('state=unacknowledged&order=problems', 50);
    expect(names(problems.items)[0]).toBe('bad-0');
    expect(names(problems.items).sort()).toEqual(names(due.items).sort());
  });

  it('counts the late tenants in the progress', async () => {
    const progress = (await h.auditor.get(`/v1/incidents/${id}/progress`).expect(200)).body;
    expect(progress).toMatchObject({ affectedTenants: 130, acknowledgedTenants: 1, lateTenants: 4 });
  });

  it('exports the whole board as CSV with the same filter and order', async () => {
    const res = await h.auditor.get(`/v1/incidents/${id}/tenants.csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="tenants-${id}-v1.csv"`);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('tenant,name,regimes,dueAt,firstSentAt,late,acknowledgedAt,escalated,noticesTotal,sent,delivered,failed,bounced,undelivered');
    expect(lines).toHaveLength(131);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(names((await walk('', 500)).items));
    expect(lines.find((l) => l.startsWith('mid-0,'))).toMatch(/^mid-0,Tenant mid-0,nis2;dora,[^,]+,[^,]+,false,[^,]+,false,1,1,0,0,0,0$/);
    const late = (await h.auditor.get(`/v1/incidents/${id}/tenants.csv?state=late`).expect(200)).text.trim().split('\r\n');
    expect(late.slice(1).map((l) => l.split(',')[0])).toEqual(names((await walk('state=late', 500)).items));
    expect(late).toHaveLength(5);
  });

  it('refuses a bad state, order, limit or cursor with 400 naming it, and an unknown incident with 404', async () => {
    const cases: [string, string][] = [
      ['state=lost', 'state'],
      ['order=name', 'order'],
      ['limit=501', 'limit'],
      ['cursor=not-ours', 'cursor'],
      [`cursor=${(await h.admin.get(`/v1/incidents/${id}/tenants?limit=1&order=problems`).expect(200)).body.nextCursor}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const res = await h.admin.get(`/v1/incidents/${id}/tenants?${query}`);
      expect({ query, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ query, status: 400, fields: [field] });
    }
    await h.admin.get(`/v1/incidents/${id}/tenants.csv?state=lost`).expect(400);
    await h.admin.get('/v1/incidents/00000000-0000-4000-8000-000000000000/tenants').expect(404);
    await request(h.baseUrl).get(`/v1/incidents/${id}/tenants`).expect(401);
  });

  it('shows the board in the console: counts, late rows marked, filters, the next page and the CSV, linked from the incident page', async () => {
    const auditor = await ConsoleClient.signIn(h.baseUrl, h.auditor.key!);
    const incidentPage = (await auditor.page(`/console/incidents/${id}`)).text;
    expect(incidentPage).toContain(`href="/console/incidents/${id}/tenants"`);
    expect(incidentPage).toMatch(/late: <strong data-field="late">4<\/strong>/);

    const first = (await auditor.page(`/console/incidents/${id}/tenants`)).text;
    expect(first).toMatch(/<strong>130<\/strong> affected/);
    expect(first).toMatch(/<strong>4<\/strong> late/);
    expect(first).toMatch(/<tr class="late-row">\s*<th scope="row">mute-0/);
    expect(first).toMatch(/<th scope="row">bad-0<br>[\s\S]*?status-escalated/);
    const rows = (html: string) => [...html.matchAll(/<th scope="row">([a-z0-9-]+)<br>/g)].map((m) => m[1]);
    expect(rows(first)).toHaveLength(100);
    const next = /<a href="([^"]+)" rel="next">Next page<\/a>/.exec(first)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const second = (await auditor.page(next)).text;
    expect(new Set([...rows(first), ...rows(second)]).size).toBe(130);

    const problems = (await auditor.page(`/console/incidents/${id}/tenants?state=&order=problems`)).text;
    expect(rows(problems)[0]).toBe('bad-0');
    const late = (await auditor.page(`/console/incidents/${id}/tenants?state=late`)).text;
    expect(rows(late).sort()).toEqual(['fast-0', 'fast-1', 'fast-2', 'mute-0']);
    expect(late).toContain(`href="/console/incidents/${id}/tenants.csv?state&#x3D;late"`);
    const csv = await auditor.agent.get(`/console/incidents/${id}/tenants.csv?state=late`).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(5);
    expect((await auditor.agent.get(`/console/incidents/${id}/tenants?state=lost`)).status).toBe(400);

    const tenantsPage = (await auditor.page('/console/tenants?search=mid-0')).text;
    expect(tenantsPage).toMatch(/<th scope="row">mid-0<\/th>.*<td>nis2, dora<\/td><td>24 h<\/td>/);
  });

  /** 10,000 tenants reached by no channel of the incident: every one affected and unsent, one in ten due in 4 hours (late), the rest in 72. */
  describe('a 10,000-tenant incident', () => {
    const N = 10_000;
    let big: string;

    /** The board's page statement as the API ran it, run again under EXPLAIN ANALYZE: how many affected_tenant rows it read, and through which index. */
    async function pagePlan(query: string): Promise<{ indexes: string[]; rowsRead: number; sorted: boolean }> {
      const ds = (h.api.get(BoardRepository, { strict: false }) as unknown as { dataSource: DataSource }).dataSource;
      const spy = jest.spyOn(ds, 'query');
      let calls: [string, unknown[]][];
      try {
        await h.admin.get(`/v1/incidents/${big}/tenants?${query}`).expect(200);
      } finally {
        calls = spy.mock.calls.map((c) => c as unknown as [string, unknown[]]);
        spy.mockRestore();
      }
      const [sql, params] = calls.find(([text]) => text.includes('page AS MATERIALIZED'))!;
      const [{ 'QUERY PLAN': plan }] = await h.db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const scans: { index: string; rows: number }[] = [];
      let sorted = false;
      const visit = (node: Record<string, any>) => {
        if (node['Relation Name'] === 'affected_tenant' && /^a(_\d+)?$/.test(node['Alias'])) {
          scans.push({ index: node['Index Name'] ?? node['Node Type'], rows: (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'] });
        }
        if (node['Node Type'] === 'Sort' && node['Plans']?.some((c: Record<string, any>) => c['Relation Name'] === 'affected_tenant')) sorted = true;
        for (const child of node['Plans'] ?? []) visit(child);
      };
      visit(plan[0]['Plan']);
      return { indexes: scans.map((s) => s.index), rowsRead: scans.reduce((sum, s) => sum + s.rows, 0), sorted };
    }

    beforeAll(async () => {
      h.worker!.get(FanoutService).pageSize = 2000;
      const rows = Array.from({ length: N }, (_, i) => ({
        ...tenant(`bulk-${String(i).padStart(5, '0')}`, [{ phone: `+4915200${String(i).padStart(6, '0')}` }]),
        exposures: [{ system: 'bulk-relay', dataCategories: ['email'], from: '2021-01-01', to: null }],
        noticeDeadlineHours: i % 10 === 0 ? 4 : 72,
      }));
      await h.admin.post('/v1/tenants/import', { tenants: rows }).expect(200);
      big = await h.fileAndDispatch(incident('INC-CLOCKS-BULK', { awareAt: AWARE_AT, channels: ['email'], scope: { systems: ['bulk-relay'] } }));
      await h.waitForCompletion(big);
      await h.db.query('ANALYZE affected_tenant');
    }, 600_000);

    it('pages through all 10,000 in due order, and the 1,000 late ones on their own', async () => {
      const saved = id;
      id = big;
      try {
        const all = await walk('', 500);
        expect(all.items).toHaveLength(N);
        expect(new Set(names(all.items)).size).toBe(N);
        expect(all.items.slice(0, 1000).every((i) => i.dueAt === dueIn(4) && i.late)).toBe(true);
        expect(all.items.slice(1000).every((i) => i.dueAt === dueIn(72) && !i.late)).toBe(true);
        const late = await walk('state=late&order=problems', 300);
        expect(names(late.items)).toEqual(names(all.items.slice(0, 1000)));
        expect((await walk('state=acknowledged', 500)).items).toEqual([]);
      } finally {
        id = saved;
      }
      expect((await h.admin.get(`/v1/incidents/${big}/progress`).expect(200)).body).toMatchObject({ affectedTenants: N, lateTenants: 1000 });
    });

    it.each([
      ['order=due', 'limit=50', 'due'],
      ['a later page', 'limit=50&cursor={mid}', 'due'],
      ['state=late', 'limit=50&state=late', 'overdue'],
      ['state=unsent, a later page', 'limit=50&state=unsent&cursor={mid}', 'overdue'],
      ['state=acknowledged', 'limit=50&state=acknowledged', 'acknowledged'],
    ])('%s reads one page of rows in index order, not the whole incident', async (_name, query, index) => {
      const mid = (await h.admin.get(`/v1/incidents/${big}/tenants?limit=500`).expect(200)).body.nextCursor;
      const plan = await pagePlan(query.replace('{mid}', mid));
      expect(plan).toEqual({ indexes: [`affected_tenant_${index}_idx`], rowsRead: expect.any(Number), sorted: false });
      expect(plan.rowsRead).toBeLessThanOrEqual(51);
    });
  });
});
