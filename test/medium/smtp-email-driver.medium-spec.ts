import type { Worker } from 'node:worker_threads';
import { ChannelError, OutgoingEmail, SmtpEmailDriver } from '@app/channels';
import { SmtpSink, waitUntil } from '@app/testing';

const mail = (n: number, to = `dpo${n}@tenant.example`): OutgoingEmail => ({
  from: 'Vendor security <security@vendor.example>',
  to,
  subject: `Incident INC-7, notice ${n}`,
  text: `Zakres danych: numery telefonów (${n})`,
  html: `<p>Zakres danych: numery telefonów (${n})</p>`,
  messageId: `<notice-${n}@vendor.example>`,
  returnPath: `bounce+n${n}@vendor.example`,
  envelopeId: `n${n}`,
  headers: { 'X-Breachcast-Notice': `n${n}` },
});

/** The driver's thread, to end it the way a crash would. */
const threadOf = (driver: SmtpEmailDriver): Worker | null => (driver as unknown as { current: { thread: Worker } | null }).current?.thread ?? null;

async function failureOf(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    return error as ChannelError;
  }
  throw new Error('the send resolved, a failure was expected');
}

describe('SmtpEmailDriver (nodemailer in a thread) against a real SMTP server', () => {
  let sink: SmtpSink;
  let driver: SmtpEmailDriver;

  beforeAll(async () => {
    sink = await SmtpSink.start({ user: 'bc', pass: 's3cret' });
  });
  beforeEach(() => {
    sink.clear();
    driver = new SmtpEmailDriver(`${sink.url}?maxConnections=3`);
  });
  afterEach(() => driver.close());
  afterAll(() => sink.stop());

  it('sends concurrent messages, each whole, with its own Message-ID, envelope, DSN and headers', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => driver.send(mail(i))));
    expect(results.map((r) => r.providerMessageId)).toEqual(Array.from({ length: 20 }, (_, i) => `<notice-${i}@vendor.example>`));
    expect(results.every((r) => r.response.startsWith('250') && r.sandboxed === false)).toBe(true);
    const received = await sink.waitFor(20);
    const seven = received.find((m) => m.messageId === '<notice-7@vendor.example>')!;
    expect(seven.subject).toBe('Incident INC-7, notice 7');
    expect(seven.text?.trim()).toBe('Zakres danych: numery telefonów (7)');
    expect(seven.envelope.from).toBe('bounce+n7@vendor.example');
    expect(seven.envelope.to).toEqual(['dpo7@tenant.example']);
    expect(seven.envelope.dsn?.envid).toBe('n7');
    expect(seven.headers.get('x-breachcast-notice')).toBe('n7');
    expect(seven.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('classifies the server’s refusals: 550 for good, 451 worth another attempt', async () => {
    sink.script('gone@tenant.example', [550]).script('busy@tenant.example', [451]);
    const gone = await failureOf(driver.send(mail(1, 'gone@tenant.example')));
    const busy = await failureOf(driver.send(mail(2, 'busy@tenant.example')));
    expect(gone).toBeInstanceOf(ChannelError);
    expect([gone.permanent, gone.code]).toEqual([true, 550]);
    expect([busy.permanent, busy.code]).toEqual([false, 451]);
    await driver.send(mail(3, 'busy@tenant.example'));
    expect(sink.messagesTo('busy@tenant.example')).toHaveLength(1);
  });

  it('fails the sends a dying thread held as transient, and only those; the next send starts a new thread', async () => {
    // A server that holds its answer to DATA: the send is surely in flight when the thread ends.
    const slow = await SmtpSink.start({ delayMs: 60_000 });
    const held = new SmtpEmailDriver(slow.url);
    const settled = (promise: Promise<unknown>) =>
      Promise.race([promise.then(() => 'sent', () => 'failed'), new Promise((resolve) => setImmediate(() => resolve('in flight')))]);
    try {
      const first = held.send(mail(1, 'held@tenant.example'));
      await waitUntil(() => slow.attempts('held@tenant.example') === 1);
      const dying = threadOf(held)!;
      dying.emit('error', new Error('out of memory'));
      const lost = await failureOf(first);
      expect(lost).toBeInstanceOf(ChannelError);
      expect([lost.permanent, lost.code, lost.message]).toEqual([false, 'ETHREAD', 'SMTP thread failed: out of memory']);
      // The next send gets a thread of its own; the old one's end does not touch it.
      const second = held.send(mail(2, 'held@tenant.example'));
      await waitUntil(() => slow.attempts('held@tenant.example') === 2);
      expect(threadOf(held)).not.toBe(dying);
      await dying.terminate();
      expect(await settled(second)).toBe('in flight');
      await threadOf(held)!.terminate();
      expect((await failureOf(second)).code).toBe('ETHREAD');
      expect(threadOf(held)).toBeNull();
    } finally {
      await held.close();
      await slow.stop();
    }
    await driver.send(mail(1));
    await threadOf(driver)!.terminate();
    const again = await driver.send(mail(3));
    expect(again.providerMessageId).toBe('<notice-3@vendor.example>');
    expect(await sink.waitFor({ where: (m) => m.messageId === '<notice-3@vendor.example>' })).toHaveLength(1);
  });

  it('closes while a send is held by the server: the send fails as transient and close returns', async () => {
    const slow = await SmtpSink.start({ delayMs: 60_000 });
    const held = new SmtpEmailDriver(slow.url);
    try {
      const inFlight = held.send(mail(1, 'held@tenant.example'));
      await waitUntil(() => slow.attempts('held@tenant.example') === 1);
      await held.close();
      expect(threadOf(held)).toBeNull();
      const error = await failureOf(inFlight);
      expect([error.permanent, error.code]).toEqual([false, 'ETHREAD']);
    } finally {
      await slow.stop();
    }
  });

  it('starts its thread on prepare(), which the first send then uses; close() ends a thread that never sent', async () => {
    driver.prepare();
    const thread = threadOf(driver);
    expect(thread).not.toBeNull();
    await new Promise((resolve) => thread!.once('online', resolve));
    driver.prepare();
    expect(threadOf(driver)).toBe(thread);
    expect((await driver.send(mail(1))).providerMessageId).toBe('<notice-1@vendor.example>');
    expect(threadOf(driver)).toBe(thread);

    const idle = new SmtpEmailDriver(sink.url);
    idle.prepare();
    const idleThread = threadOf(idle)!;
    const exited = new Promise((resolve) => idleThread.once('exit', resolve));
    await idle.close();
    await exited;
    expect(threadOf(idle)).toBeNull();
  });

  it('refuses a server that is not there as transient', async () => {
    const nowhere = new SmtpEmailDriver('smtp://127.0.0.1:9');
    try {
      const error = await failureOf(nowhere.send(mail(1)));
      expect([error.permanent, error.code]).toEqual([false, 'ESOCKET']);
      expect(error.message).toContain('ECONNREFUSED');
    } finally {
      await nowhere.close();
    }
  });
});
