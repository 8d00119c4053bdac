import { IncidentsModule } from '@app/incidents';
import { Module } from '@nestjs/common';
import { BounceListener } from './bounce-listener.service';

/** Starts the inbound bounce listener when BOUNCE_SMTP_PORT is set. */
@Module({ imports: [IncidentsModule], providers: [BounceListener] })
export class BounceModule {}
