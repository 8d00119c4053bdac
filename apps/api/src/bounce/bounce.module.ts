import { DeliveryTrackingModule } from '@app/delivery';
import { Module } from '@nestjs/common';
import { BounceListener } from './bounce-listener.service';

/** Starts the inbound bounce listener when BOUNCE_SMTP_PORT is set. */
@Module({ imports: [DeliveryTrackingModule], providers: [BounceListener] })
export class BounceModule {}
