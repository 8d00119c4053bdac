/**
 * Child process that hosts the providers the apps talk to: an SmtpSink (parse: false) and a
 * TwilioDouble. It runs apart from the bench runner so that counting accepts does not share an
 * event loop with the samplers, and it forgets each message after counting it, so a million
 * sends do not pile up in memory. Talks to its parent over IPC (see doubles.ts).
 */
import { SmtpSink, TwilioDouble } from '@app/testing';

export interface DoublesConfig {
  smsPerSecond?: number;
  /** Keep each SMS accept time (for sliding-window rates); only for short runs. */
  keepSmsTimes?: boolean;
}

export interface ChannelTally {
  total: number;
  first: number | null;
  last: number | null;
  /** Accepts per wall-clock second: [epoch second, count]. */
  perSecond: [number, number][];
}

export interface DoublesStats {
  email: ChannelTally;
  sms: ChannelTally;
  sms429: number;
  smsTimes: number[];
}

type Request = { id: number; cmd: 'start'; config: DoublesConfig } | { id: number; cmd: 'stats' | 'reset' | 'stop' };

class Tally {
  total = 0;
  first: number | null = null;
  last: number | null = null;
  buckets = new Map<number, number>();
  times: number[] = [];

  add(at: number, keepTime: boolean): void {
    this.total++;
    if (this.first === null || at < this.first) this.first = at;
    if (this.last === null || at > this.last) this.last = at;
    const second = Math.floor(at / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + 1);
    if (keepTime) this.times.push(at);
  }

  view(): ChannelTally {
    return { total: this.total, first: this.first, last: this.last, perSecond: [...this.buckets.entries()].sort((a, b) => a[0] - b[0]) };
  }
}

let sink: SmtpSink | null = null;
let double: TwilioDouble | null = null;
let config: DoublesConfig = {};
let email = new Tally();
let sms = new Tally();
let sms429 = 0;

/** Counts what arrived since the last harvest, then forgets it. */
function harvest(): void {
  if (sink) {
    for (const m of sink.messages) email.add(m.receivedAt.getTime(), false);
    sink.clear();
  }
  if (double) {
    for (const m of double.messages) sms.add(m.createdAt.getTime(), config.keepSmsTimes === true);
    for (const r of double.requests) if (r.status === 429) sms429++;
    double.clear();
  }
}

const timer = setInterval(harvest, 200);

async function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case 'start':
      config = request.config;
      sink = await SmtpSink.start({ parse: false, user: 'bench', pass: 'bench', maxClients: 500 });
      double = await TwilioDouble.start({
        rateLimit: config.smsPerSecond ? { perSecond: config.smsPerSecond } : undefined,
        recordRequests: config.smsPerSecond !== undefined,
      });
      return { smtpUrl: sink.url, smtpPort: sink.port, twilioUrl: double.url, accountSid: double.accountSid, authToken: double.authToken };
    case 'stats': {
      harvest();
      const stats: DoublesStats = { email: email.view(), sms: sms.view(), sms429, smsTimes: sms.times };
      return stats;
    }
    case 'reset':
      harvest();
      email = new Tally();
      sms = new Tally();
      sms429 = 0;
      return null;
    case 'stop':
      clearInterval(timer);
      await Promise.all([sink?.stop(), double?.stop()]);
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (result) => process.send?.({ id: request.id, result }),
    (error: Error) => process.send?.({ id: request.id, error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
