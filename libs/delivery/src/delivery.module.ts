import { AckModule } from '@app/ack';
import { ChannelRegistry, ChannelsModule } from '@app/channels';
import { DispatchModule } from '@app/dispatch';
import { EscalationModule } from '@app/escalation';
import { IncidentsModule } from '@app/incidents';
import { NoticesModule } from '@app/notices';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { BounceService } from './bounce.service';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import { TrackingService } from './tracking.service';

/** What happens to a sent notice: delivery reports, provider callbacks and bounces. Both apps. */
@Module({
  imports: [DispatchModule, EscalationModule, ChannelsModule],
  providers: [DeliveryRepository, BounceService, TrackingService],
  exports: [DeliveryRepository, BounceService, TrackingService],
})
export class DeliveryTrackingModule {}

/** Sending, for the worker. */
@Module({
  imports: [DeliveryTrackingModule, DispatchModule, EscalationModule, AckModule, NoticesModule, IncidentsModule, ChannelsModule],
  providers: [DeliveryService],
  exports: [DeliveryService, DeliveryTrackingModule],
})
export class DeliveryModule implements OnModuleInit {
  private readonly logger = new Logger('Channels');

  constructor(private readonly channels: ChannelRegistry) {}

  /** A worker says at start which channels only capture their messages. */
  onModuleInit(): void {
    for (const driver of this.channels.all()) if (driver.sandboxed) this.logger.warn(driver.sandboxNotice);
  }
}
