import { ChannelRegistry, ChannelsModule } from '@app/channels';
import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DeliveryModule } from '@app/delivery';
import { DispatchModule, NoticeFeeder } from '@app/dispatch';
import { EscalationModule } from '@app/escalation';
import { IncidentsModule } from '@app/incidents';
import { ProgressModule } from '@app/progress';
import { QueueProducer } from '@app/queue';
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

  constructor(
    private readonly producer: QueueProducer,
    private readonly feeder: NoticeFeeder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelRegistry,
  ) {}

  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, ChannelsModule, IncidentsModule, DispatchModule, EscalationModule, ProgressModule, DeliveryModule],
      providers: [FanoutProcessor, SendProcessors, MaintenanceProcessor],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
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
    await this.feeder.stop();
    const started = Date.now();
    await this.producer.stopConsuming();
    this.logger.log(`jobs in flight finished in ${Date.now() - started} ms`);
  }
}
