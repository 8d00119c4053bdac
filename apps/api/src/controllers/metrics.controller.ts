import { MetricsService } from '@app/observability';
import { QueueProducer } from '@app/queue';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../http/auth';

/** Public like /health: counts and latencies only, no personal data; keep it behind the network edge. */
@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queue: QueueProducer,
  ) {}

  @Get('metrics')
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics of every API and worker process',
    description:
      'breachcast_notices{channel,status}, breachcast_queue_jobs{queue,state}, breachcast_notice_send_seconds (histogram), ' +
      'breachcast_webhook_callbacks_total{provider,outcome}, breachcast_http_requests_total{method,route,status}.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition(() => this.queue.depths());
    res.status(200).type(contentType).send(body);
  }
}
