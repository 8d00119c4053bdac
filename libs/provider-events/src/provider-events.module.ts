import { DeliveryTrackingModule } from '@app/delivery';
import { EscalationModule } from '@app/escalation';
import { Module } from '@nestjs/common';
import { EmailEventsService } from './email-events.service';

/** Delivery events from email services (API app). */
@Module({
  imports: [DeliveryTrackingModule, EscalationModule],
  providers: [EmailEventsService],
  exports: [EmailEventsService],
})
export class ProviderEventsModule {}
