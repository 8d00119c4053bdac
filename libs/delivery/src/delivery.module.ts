import { ChannelsModule } from '@app/channels';
import { DispatchModule } from '@app/dispatch';
import { IncidentsModule } from '@app/incidents';
import { NoticesModule } from '@app/notices';
import { Module } from '@nestjs/common';
import { BounceService } from './bounce.service';
import { DeliveryService } from './delivery.service';
import { TrackingService } from './tracking.service';

/** What happens to a sent notice: delivery reports, Twilio callbacks and bounces. Both apps. */
@Module({ imports: [DispatchModule], providers: [BounceService, TrackingService], exports: [BounceService, TrackingService] })
export class DeliveryTrackingModule {}

/** Sending, for the worker: the channel drivers come only with it. */
@Module({
  imports: [DeliveryTrackingModule, DispatchModule, NoticesModule, IncidentsModule, ChannelsModule],
  providers: [DeliveryService],
  exports: [DeliveryService, DeliveryTrackingModule],
})
export class DeliveryModule {}
