import { Module } from '@nestjs/common';
import { NoticeRenderer } from './notice-renderer';

/** Provides NoticeRenderer; templates are compiled once per process. */
@Module({
  providers: [NoticeRenderer],
  exports: [NoticeRenderer],
})
export class TemplatesModule {}
