import { Env } from '@app/config';
import { CHANNELS } from '@app/kernel';
import { sendQueueName } from '@app/queue';
import { waitUntil } from '@app/testing';
import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildOnce } from './builds';

export { buildOnce };

const ROOT = join(__dirname, '..', '..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `node <build>/apps/worker/src/main.js` with the harness's environment: a real worker process. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private readonly tail: string[] = [];

  constructor(env: Env, options: { logLevel?: string } = {}) {
    this.child = spawn(process.execPath, [buildOnce()], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LOG_LEVEL: options.logLevel ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last lines it wrote, for a failing test's message. */
  output(): string {
    return this.tail.join('\n');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/**
 * Resolves once `count` workers take jobs from each send queue (Bull names the blocking connection of
 * every worker that registered a processor): a process can take seconds to boot on a busy machine.
 */
export async function waitForQueueWorkers(app: INestApplicationContext, count: number): Promise<void> {
  await waitUntil(
    async () => {
      for (const name of CHANNELS.map(sendQueueName)) {
        const workers = await app.get<Queue>(getQueueToken(name), { strict: false }).getWorkers();
        if ((workers ?? []).length < count) return false;
      }
      return true;
    },
    { message: `${count} worker processes to take send jobs` },
  );
}
