import { APP_CONFIG, AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DeliveryModule } from '@app/incidents';
import { QueueProducer } from '@app/queue';
import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { FanoutProcessor } from './processors/fanout.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { EmailProcessor, SmsProcessor } from './processors/send.processors';

@Module({})
export class WorkerModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, DeliveryModule],
      providers: [FanoutProcessor, EmailProcessor, SmsProcessor, MaintenanceProcessor],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.scheduleMaintenance(this.config.sweepIntervalMs);
    this.logger.log(
      `worker consuming queues with prefix ${this.config.queuePrefix}; email ≤ ${this.config.emailRatePerSec || '∞'}/s, sms ≤ ${this.config.smsRatePerSec || '∞'}/s`,
    );
  }
}
