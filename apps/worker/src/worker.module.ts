import { ChannelRegistry, ChannelsModule } from '@app/channels';
import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DeliveryModule } from '@app/delivery';
import { DispatchModule, NoticeFeeder } from '@app/dispatch';
import { EscalationModule } from '@app/escalation';
import { IncidentsModule } from '@app/incidents';
import { ProgressModule } from '@app/progress';
import { HEARTBEAT_EVERY_MS, QueueProducer, WorkerHeartbeat } from '@app/queue';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { FanoutProcessor } from './processors/fanout.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { SendProcessors } from './processors/send.processors';

/** How often a worker tops the send queues up from PostgreSQL. */
const FEED_EVERY_MS = 500;

@Module({})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private scheduleTimer: NodeJS.Timeout | null = null;
  private feedTimer: NodeJS.Timeout | null = null;
  private beatTimer: NodeJS.Timeout | null = null;
  /** This worker in the heartbeat set: host, process and a random part (a restarted process is another worker). */
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly producer: QueueProducer,
    private readonly feeder: NoticeFeeder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelRegistry,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, ChannelsModule, IncidentsModule, DispatchModule, EscalationModule, ProgressModule, DeliveryModule],
      providers: [FanoutProcessor, SendProcessors, MaintenanceProcessor],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // The first send of an incident should not wait for a driver to get ready (the SMTP thread loading nodemailer).
    this.channels.prepareAll();
    await this.producer.scheduleMaintenance(this.config.sweepIntervalMs);
    // Redis may lose the schedule with everything else (a flush, a failover): assert it again now and then.
    this.scheduleTimer = setInterval(() => {
      this.producer.scheduleMaintenance(this.config.sweepIntervalMs).catch((error: Error) => this.logger.warn(`could not schedule maintenance: ${error.message}`));
    }, Math.max(1000, this.config.sweepIntervalMs));
    this.scheduleTimer.unref();
    // Queued notices wait in PostgreSQL beyond SEND_QUEUE_WINDOW jobs per channel: top the queues up as they drain.
    this.feeder.nudge();
    this.feedTimer = setInterval(() => this.feeder.nudge(), FEED_EVERY_MS);
    this.feedTimer.unref();
    // Say that this worker consumes, while it does: /health and progress report when none does.
    const beat = () => this.heartbeat.beat(this.workerId).catch((error: Error) => this.logger.warn(`could not record the heartbeat: ${error.message}`));
    await beat();
    this.beatTimer = setInterval(beat, HEARTBEAT_EVERY_MS);
    this.beatTimer.unref();
    const ceilings = this.channels
      .all()
      .map((d) => `${d.channel} ≤ ${d.ratePerSec || '∞'}/s`)
      .join(', ');
    this.logger.log(`worker consuming queues with prefix ${this.config.queuePrefix}; ${ceilings}`);
  }

  /** Runs before any pool closes: take no more jobs and let the ones in flight finish and commit. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    if (this.feedTimer) clearInterval(this.feedTimer);
    if (this.beatTimer) clearInterval(this.beatTimer);
    await this.heartbeat.stop(this.workerId).catch((error: Error) => this.logger.warn(`could not remove the heartbeat: ${error.message}`));
    await this.feeder.stop();
    const started = Date.now();
    await this.producer.stopConsuming();
    this.logger.log(`jobs in flight finished in ${Date.now() - started} ms`);
  }
}
