import { Channel } from '@app/kernel';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SendAttemptOutcome, SendMetrics } from './send-metrics';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricSnapshots } from './metric-snapshots';

export const METRICS_APP = Symbol('METRICS_APP');

/** Job counts by state, per queue (QueueProducer.depths()). */
export type QueueDepths = Record<string, Record<string, number>>;

/** A changed registry is published within this long; an idle one is refreshed this often. */
const PUBLISH_TICK_MS = 1000;
const REFRESH_MS = 10_000;
const SNAPSHOT_TTL_MS = 45_000;

/**
 * This process's counters (HTTP requests, webhook callbacks, send attempts with their latency),
 * published to Redis for the fleet-wide `/metrics`, plus the gauges read at scrape time.
 * Each instance has its own registry: an API and a worker in one process (tests) stay apart.
 */
@Injectable()
export class MetricsService implements SendMetrics, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  readonly instanceId: string;
  private readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'breachcast_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly webhookCallbacks = new Counter({
    name: 'breachcast_webhook_callbacks_total',
    help: 'Provider status callbacks, by provider and outcome (applied, duplicate, ignored, unknown, bad_signature)',
    labelNames: ['provider', 'outcome'],
    registers: [this.registry],
  });
  private readonly sendSeconds = new Histogram({
    name: 'breachcast_notice_send_seconds',
    help: 'Time to render and hand one notice to its channel, by channel and outcome (sent, retry, failed)',
    labelNames: ['channel', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly snapshots: MetricSnapshots;
  private timer: NodeJS.Timeout | null = null;
  private dirty = true;
  private lastPublish = 0;
  private publishFailing = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(METRICS_APP) app: string,
    @Optional() @InjectDataSource() private readonly dataSource?: DataSource,
  ) {
    this.instanceId = `${app}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    // Node's and the process's own metrics (CPU, memory, event loop lag, GC, handles), one series per process:
    // the fleet-wide exposition keeps them apart by these labels instead of adding up two processes' heaps.
    collectDefaultMetrics({ register: this.registry, labels: { app, instance: this.instanceId } });
    this.snapshots = new MetricSnapshots(config.redisUrl, config.queuePrefix);
  }

  countHttp(method: string, route: string, status: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.dirty = true;
  }

  countWebhook(provider: string, outcome: string): void {
    this.webhookCallbacks.inc({ provider, outcome });
    this.dirty = true;
  }

  observeSend(channel: Channel, outcome: SendAttemptOutcome, seconds: number): void {
    this.sendSeconds.observe({ channel, outcome }, seconds);
    this.dirty = true;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.dirty || Date.now() - this.lastPublish >= REFRESH_MS) void this.publish();
    }, PUBLISH_TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.publish();
    await this.snapshots.close();
  }

  /** Best effort: metrics must never stop the work they measure. */
  private async publish(): Promise<void> {
    this.dirty = false;
    try {
      await this.snapshots.publish(this.instanceId, await this.registry.getMetricsAsJSON(), SNAPSHOT_TTL_MS);
      this.lastPublish = Date.now();
      if (this.publishFailing) this.logger.log('metrics snapshots are being published again');
      this.publishFailing = false;
    } catch (error) {
      this.dirty = true;
      if (!this.publishFailing) this.logger.warn(`cannot publish metrics snapshot: ${(error as Error).message}`);
      this.publishFailing = true;
    }
  }

  /** The Prometheus text exposition: counters of every live process, then notice and queue gauges read now. */
  async exposition(queueDepths?: () => Promise<QueueDepths>): Promise<{ contentType: string; body: string }> {
    await this.publish();
    const parts: Registry[] = [];
    try {
      parts.push(AggregatorRegistry.aggregate(await this.snapshots.all()));
    } catch (error) {
      this.logger.warn(`fleet metrics unavailable, serving this process's only: ${(error as Error).message}`);
      parts.push(this.registry);
    }
    parts.push(await this.gauges(queueDepths));
    const body = (await Promise.all(parts.map((r) => r.metrics()))).filter(Boolean).join('\n');
    return { contentType: this.registry.contentType, body };
  }

  /**
   * Tenants of each open incident's latest planned version: affected, acknowledged, and late (first notice
   * about the incident, in this version or an earlier one, sent after its due time, or none sent and due
   * time past), read off the progress counters as GET /v1/incidents/{id}/progress reads them (folded sums
   * plus the deltas not folded yet; late = told late + not told with a due time, in µs, before now). One
   * series per open incident and state.
   */
  private async tenantGauges(registry: Registry): Promise<void> {
    const tenants = new Gauge({
      name: 'breachcast_incident_tenants',
      help: "Tenants of each open incident's latest planned version, by state (affected, acknowledged, late)",
      labelNames: ['incident', 'state'],
      registers: [registry],
    });
    const rows: { reference: string; affected: number; acknowledged: number; late: number }[] = await this.dataSource!.query(
      `WITH c AS (
         SELECT incident_id, version, metric, sum(n) AS n FROM (
           SELECT incident_id, version, metric, n FROM progress_counter
            WHERE metric LIKE 'tenant:%' AND incident_id IN (SELECT id FROM incident WHERE closed_at IS NULL)
           UNION ALL
           SELECT incident_id, version, metric, n FROM progress_delta
            WHERE metric LIKE 'tenant:%' AND incident_id IN (SELECT id FROM incident WHERE closed_at IS NULL)) x
          GROUP BY 1, 2, 3),
       latest AS (SELECT incident_id, max(version) AS version FROM c WHERE metric IN ('tenant:affected', 'tenant:withdrawn') AND n > 0 GROUP BY 1)
       SELECT i.reference,
              coalesce(sum(c.n) FILTER (WHERE c.metric = 'tenant:affected'), 0)::int AS affected,
              coalesce(sum(c.n) FILTER (WHERE c.metric = 'tenant:acknowledged'), 0)::int AS acknowledged,
              coalesce(sum(c.n) FILTER (WHERE c.metric = 'tenant:told_late'
                OR (c.metric LIKE 'tenant:untold:%' AND split_part(c.metric, ':', 3)::bigint < (extract(epoch FROM now()) * 1000000)::bigint)), 0)::int AS late
         FROM latest l JOIN incident i ON i.id = l.incident_id JOIN c ON c.incident_id = l.incident_id AND c.version = l.version
        GROUP BY i.reference`,
    );
    for (const r of rows) {
      for (const state of ['affected', 'acknowledged', 'late'] as const) tenants.set({ incident: r.reference, state }, r[state]);
    }
  }

  private async gauges(queueDepths?: () => Promise<QueueDepths>): Promise<Registry> {
    const registry = new Registry();
    const up = new Gauge({ name: 'breachcast_scrape_source_up', help: '1 when the source could be read for this scrape', labelNames: ['source'], registers: [registry] });
    if (this.dataSource) {
      const notices = new Gauge({ name: 'breachcast_notices', help: 'Notices by channel and status', labelNames: ['channel', 'status'], registers: [registry] });
      try {
        const rows: { channel: string; status: string; n: number }[] = await this.dataSource.query(
          'SELECT channel, status, count(*)::int AS n FROM notice GROUP BY channel, status',
        );
        for (const r of rows) notices.set({ channel: r.channel, status: r.status }, r.n);
        await this.tenantGauges(registry);
        up.set({ source: 'database' }, 1);
      } catch (error) {
        up.set({ source: 'database' }, 0);
        this.logger.warn(`notice counts unavailable: ${(error as Error).message}`);
      }
    }
    if (queueDepths) {
      const jobs = new Gauge({ name: 'breachcast_queue_jobs', help: 'Bull jobs by queue and state', labelNames: ['queue', 'state'], registers: [registry] });
      try {
        for (const [queue, states] of Object.entries(await queueDepths())) {
          for (const [state, n] of Object.entries(states)) jobs.set({ queue, state }, n);
        }
        up.set({ source: 'redis' }, 1);
      } catch (error) {
        up.set({ source: 'redis' }, 0);
        this.logger.warn(`queue depths unavailable: ${(error as Error).message}`);
      }
    }
    return registry;
  }
}
