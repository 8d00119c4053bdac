import { APP_CONFIG, AppConfig } from '@app/config';
import { MetricsService } from '@app/observability';
import { QueueProducer } from '@app/queue';
import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken, Public } from '../http/auth';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Counts and latencies only, no personal data. Open like /health unless METRICS_TOKEN is set; then a
 * scraper sends it as a Bearer token (Prometheus: `authorization: {credentials: …}`). API keys are not
 * accepted here: a scraper's secret should open nothing else.
 */
@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queue: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics of every API and worker process',
    description:
      'breachcast_notices{channel,status}, breachcast_queue_jobs{queue,state}, breachcast_notice_send_seconds (histogram), ' +
      'breachcast_webhook_callbacks_total{provider,outcome}, breachcast_http_requests_total{method,route,status}, ' +
      'breachcast_incident_tenants{incident,state} (affected, acknowledged, late per open incident), ' +
      'and Node.js process metrics (process_*, nodejs_*) of each process, labelled {app, instance}.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiBearerAuth()
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request did not carry it' })
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const expected = this.config.metricsToken;
    if (expected !== null) {
      const given = bearerToken(req) ?? '';
      if (!timingSafeEqual(digest(given), digest(expected))) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException('GET /metrics needs the METRICS_TOKEN as a Bearer token');
      }
    }
    const { contentType, body } = await this.metrics.exposition(() => this.queue.depths());
    res.status(200).type(contentType).send(body);
  }
}
