import { DeliveryTrackingModule } from '@app/delivery';
import { DispatchModule } from '@app/dispatch';
import { Module } from '@nestjs/common';
import { EmailEventsService } from './email-events.service';

/** Delivery events from email services (API app). */
@Module({
  imports: [DeliveryTrackingModule, DispatchModule],
  providers: [EmailEventsService],
  exports: [EmailEventsService],
})
export class ProviderEventsModule {}
