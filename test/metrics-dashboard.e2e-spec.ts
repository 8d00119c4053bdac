import { waitUntil } from '@app/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Harness, scenario } from './support/harness';

const DASHBOARD = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'grafana-dashboard.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

/** The metric names a PromQL expression reads (functions and labels are not metric names). */
const metricNamesIn = (expr: string): string[] => [...expr.matchAll(/\b((?:breachcast|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]);

/** Sample lines `name{labels} value` of a Prometheus exposition: name → the label sets it has. */
function samples(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][\w:]*)(\{[^}]*\})? \S+$/i.exec(line);
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), m[2] ?? '']);
  }
  return out;
}

/**
 * After one dispatch (SMS delivered by provider callbacks, one tenant acknowledged): every metric the
 * Grafana dashboard in docs/ queries has samples in /metrics, and so do Node's default process metrics
 * of both the API and the worker.
 */
describe('metrics behind the Grafana dashboard', () => {
  const sms = scenario('sms-gateway-archive');
  let h: Harness;
  let text: string;
  let progress: { affectedTenants: number; acknowledgedTenants: number; lateTenants: number };

  beforeAll(async () => {
    h = await Harness.start({ twilio: { autoCallbacks: { statuses: ['sent', 'delivered'], delayMs: 20 } } });
    await h.admin.post('/v1/tenants/import', { tenants: sms.tenants }).expect(200);
    const incidentId = await h.fileAndDispatch(sms.incident);
    await h.waitForCompletion(incidentId);
    await waitUntil(async () => (await h.notices(incidentId)).some((n) => n.status === 'delivered'), { message: 'an SMS delivered by its callback' });
    const token = /\/ack\/([A-Za-z0-9_-]{16,})/.exec(h.smtp.messages[0].text ?? '')![1];
    await request(h.baseUrl).post(`/ack/${token}`).set('Accept', 'application/json').expect(200);
    progress = (await h.admin.get(`/v1/incidents/${incidentId}/progress`).expect(200)).body;
    // The worker publishes its registry within a second of a change; wait until /metrics shows both processes
    // and the worker's send timings of this dispatch (an earlier snapshot may predate the sends).
    await waitUntil(
      async () => {
        text = (await request(h.baseUrl).get('/metrics').expect(200)).text;
        const exported = samples(text);
        const memory = exported.get('process_resident_memory_bytes') ?? [];
        return ['api', 'worker'].every((app) => memory.some((labels) => labels.includes(`app="${app}"`))) && exported.has('breachcast_notice_send_seconds_count');
      },
      { message: 'default metrics of the API and the worker, and the send timings, in /metrics' },
    );
  });

  afterAll(() => h?.close());

  it('exports every metric the dashboard queries, with samples', () => {
    const queried = [...new Set(DASHBOARD.panels.flatMap((p) => p.targets.flatMap((t) => metricNamesIn(t.expr))))].sort();
    expect(queried).toEqual(expect.arrayContaining(['breachcast_incident_tenants', 'breachcast_notice_send_seconds_count', 'breachcast_notices', 'breachcast_queue_jobs']));
    const exported = samples(text);
    expect(queried.filter((name) => !exported.has(name))).toEqual([]);
  });

  it("shows Node's default metrics of each process, labelled by app and instance", () => {
    const exported = samples(text);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_version_info']) {
      const apps = (exported.get(name) ?? []).map((labels) => /app="(\w+)"/.exec(labels)?.[1]);
      expect({ name, apps: [...new Set(apps)].sort() }).toEqual({ name, apps: ['api', 'worker'] });
    }
    expect(text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
  });

  it('counts affected, acknowledged and late tenants of the open incident as its progress does', () => {
    const value = (state: string) => Number(new RegExp(`^breachcast_incident_tenants\\{incident="${sms.incident.reference}",state="${state}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    // awareAt is in 2023: every notice went out long after the tenants' notice deadlines.
    expect(progress).toMatchObject({ affectedTenants: sms.expected.affected.length, acknowledgedTenants: 1, lateTenants: sms.expected.affected.length });
    expect({ affected: value('affected'), acknowledged: value('acknowledged'), late: value('late') }).toEqual({
      affected: progress.affectedTenants,
      acknowledged: progress.acknowledgedTenants,
      late: progress.lateTenants,
    });
  });
});
