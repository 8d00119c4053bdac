import { AckModule } from '@app/ack';
import { AuditModule } from '@app/audit';
import { NoticesModule } from '@app/notices';
import { Module } from '@nestjs/common';
import { TestSendService } from './test-send.service';

/** Test sends from the preview (the channel registry comes from the global ChannelsModule). */
@Module({ imports: [AckModule, AuditModule, NoticesModule], providers: [TestSendService], exports: [TestSendService] })
export class TestSendModule {}
