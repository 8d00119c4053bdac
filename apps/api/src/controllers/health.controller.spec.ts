import { QueueProducer, WorkerHeartbeat } from '@app/queue';
import { Test } from '@nestjs/testing';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthController } from './health.controller';

/** The database and Redis checks with each side up or down; the e2e suites cover the real ones. */
describe('HealthController', () => {
  async function controller(database: 'up' | 'down', redis: () => Promise<void>, workers: () => Promise<number> = async () => 1) {
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: QueueProducer, useValue: { ping: redis } },
        { provide: WorkerHeartbeat, useValue: { consuming: workers } },
      ],
    })
      .overrideProvider(TypeOrmHealthIndicator)
      .useFactory({
        factory: (indicators: HealthIndicatorService) => ({
          pingCheck: async (key: string) => (database === 'up' ? indicators.check(key).up() : indicators.check(key).down({ message: 'connection refused' })),
        }),
        inject: [HealthIndicatorService],
      })
      .compile();
    return module.get(HealthController);
  }
  const response = () => {
    const res = { statusCode: 200, status: (code: number) => ((res.statusCode = code), res) };
    return res;
  };

  it('answers 200 with both up', async () => {
    const res = response();
    const body = await (await controller('up', async () => undefined)).check(res as never);
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } }, error: {} });
  });

  it('answers 503 naming Redis when Redis does not answer', async () => {
    const res = response();
    const body = await (await controller('up', () => Promise.reject(new Error('Connection is closed.')))).check(res as never);
    expect(res.statusCode).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      checks: { database: { status: 'up' }, redis: { status: 'down', error: 'Connection is closed.' } },
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down', error: 'Connection is closed.' } },
    });
  });

  it('answers 503 naming the database when it is down', async () => {
    const res = response();
    const body = await (await controller('down', async () => undefined)).check(res as never);
    expect(res.statusCode).toBe(503);
    expect(body).toMatchObject({ status: 'error', checks: { database: { status: 'down', error: 'connection refused' }, redis: { status: 'up' } } });
  });

  it('reports the workers consuming, and none without failing the answer', async () => {
    const up = response();
    expect(await (await controller('up', async () => undefined, async () => 2)).check(up as never)).toMatchObject({ status: 'ok', checks: { worker: { status: 'up', consuming: 2 } } });
    const none = response();
    const body = await (await controller('up', async () => undefined, async () => 0)).check(none as never);
    expect(none.statusCode).toBe(200);
    expect(body).toMatchObject({ status: 'ok', checks: { worker: { status: 'down', consuming: 0, error: 'no worker is consuming' } } });
  });

  it('says when the heartbeats cannot be read', async () => {
    const res = response();
    const body = await (await controller('up', async () => undefined, () => Promise.reject(new Error('Connection is closed.')))).check(res as never);
    expect(body).toMatchObject({ checks: { worker: { status: 'down', consuming: null, error: 'worker heartbeats unreadable: Connection is closed.' } } });
  });
});
