import { fork, ChildProcess } from 'node:child_process';
import path from 'node:path';
import { memoryOf } from './processes';
import type { DoublesConfig, DoublesStats } from './doubles-host';

export type { DoublesStats, ChannelTally } from './doubles-host';

export interface DoublesEndpoints {
  smtpUrl: string;
  smtpPort: number;
  twilioUrl: string;
  accountSid: string;
  authToken: string;
}

/** The SMTP sink and Twilio double in a child process of their own (doubles-host.ts). */
export class Doubles {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly endpoints: DoublesEndpoints,
  ) {}

  static async start(config: DoublesConfig = {}): Promise<Doubles> {
    const child = fork(path.join(__dirname, 'doubles-host.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const doubles = new Doubles(child, null as unknown as DoublesEndpoints);
    child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const w = doubles.waiting.get(msg.id);
      if (!w) return;
      doubles.waiting.delete(msg.id);
      if (msg.error) w.reject(new Error(msg.error));
      else w.resolve(msg.result);
    });
    child.once('exit', (code) => {
      for (const w of doubles.waiting.values()) w.reject(new Error(`the doubles process exited (code ${code})`));
      doubles.waiting.clear();
    });
    const endpoints = (await doubles.call('start', { config })) as DoublesEndpoints;
    (doubles as { endpoints: DoublesEndpoints }).endpoints = endpoints;
    return doubles;
  }

  get pid(): number {
    return this.child.pid!;
  }

  peakRss(): number {
    return memoryOf(this.child.pid!)?.peak ?? 0;
  }

  stats(): Promise<DoublesStats> {
    return this.call('stats') as Promise<DoublesStats>;
  }

  async reset(): Promise<void> {
    await this.call('reset');
  }

  async stop(): Promise<void> {
    await this.call('stop').catch(() => undefined);
  }

  private call(cmd: string, extra: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, cmd, ...extra });
    });
  }
}
