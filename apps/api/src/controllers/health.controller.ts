import { QueueProducer, WorkerHeartbeat } from '@app/queue';
import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { HealthView } from '../dto/responses';
import { Public } from '../http/auth';

/** How long each check may take before it counts as down. */
const TIMEOUT_MS = 2000;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

type Check = { status: string; error?: string; message?: string };

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: QueueProducer,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  /**
   * Terminus runs the checks; the answer keeps `checks` (`{database, redis}`, each `{status: up|down, error?}`)
   * next to terminus' own `info`, `error` and `details`. 503 when either is down. `checks.worker` says how many
   * workers consume the queues (their heartbeats); it never fails the answer: an API without workers is normal.
   */
  @Get('health')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Database and Redis reachable' })
  @ApiOkResponse({ description: '{status: ok, checks: {database, redis}}', type: HealthView })
  @ApiServiceUnavailableResponse({ description: 'The database or Redis is down: {status: error, checks, …}', type: HealthView })
  @Public()
  async check(@Res({ passthrough: true }) res: Response) {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([() => this.database.pingCheck('database', { timeout: TIMEOUT_MS }), () => this.redis()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
      res.status(503);
    }
    const worker = await this.worker();
    const details = (result.details ?? {}) as Record<string, Check>;
    const show = (check: Check | undefined): Check => {
      if (!check) return { status: 'down', error: 'not checked' };
      const why = check.error ?? check.message;
      return check.status === 'up' ? { status: 'up' } : { status: 'down', error: String(why ?? 'down') };
    };
    return { status: result.status === 'ok' ? 'ok' : 'error', checks: { database: show(details.database), redis: show(details.redis), worker }, info: result.info ?? {}, error: result.error ?? {}, details };
  }

  /** Up with the number of workers that beat lately; down when none did, or Redis did not say. */
  private async worker(): Promise<{ status: 'up' | 'down'; consuming: number | null; error?: string }> {
    try {
      const consuming = await within(this.heartbeat.consuming(), TIMEOUT_MS);
      return consuming > 0 ? { status: 'up', consuming } : { status: 'down', consuming, error: 'no worker is consuming' };
    } catch (error) {
      return { status: 'down', consuming: null, error: `worker heartbeats unreadable: ${(error as Error).message}` };
    }
  }

  private async redis(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      await within(this.queue.ping(), TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ error: (error as Error).message });
    }
  }
}
