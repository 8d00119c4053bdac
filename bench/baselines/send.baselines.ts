import path from 'node:path';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import type * as Templates from '@app/templates';
import { sampleNoticeView } from '@app/testing';
import type { DoublesEndpoints } from '../support/doubles';
import { appDirectory } from '../support/processes';

/** A real rendered notice (sample tenant), so bare loops send messages of the same size as ours. */
export function sampleContent(): { subject: string; text: string; html: string; sms: string } {
  // The built templates lib carries its .hbs files; the bench build does not copy them.
  const templates = require(path.join(appDirectory(), 'libs/templates/src')) as typeof Templates;
  const renderer = new templates.NoticeRenderer();
  const view = sampleNoticeView('en');
  const mail = renderer.renderEmail(view);
  return { ...mail, sms: renderer.renderSms(view).text };
}

/** Runs `task(i)` for i < count with at most `concurrency` in flight. */
export async function bounded(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** A bare pooled nodemailer loop (pool of 5, as our driver) to the sink: no database, no queue, no rendering. */
export async function bareEmailLoop(endpoints: DoublesEndpoints, count: number, concurrency: number): Promise<void> {
  const content = sampleContent();
  const url = new URL(endpoints.smtpUrl);
  const transporter = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: Number(url.port),
    secure: false,
    ignoreTLS: true,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    maxConnections: 5,
    maxMessages: 100,
  });
  try {
    // The same message as our driver sends: own Message-ID, VERP return path, DSN request, the two auto-reply headers.
    await bounded(count, concurrency, (i) =>
      transporter.sendMail({
        from: 'Bench Vendor <security@bench.example>',
        to: `bare${i}@bench.example`,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: `<bare-${i}@bench.example>`,
        envelope: { from: `bounce+${i}@bench.example`, to: `bare${i}@bench.example` },
        dsn: { id: `bare-${i}`, return: 'headers', notify: ['failure', 'delay'], recipient: `bare${i}@bench.example` },
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
      }),
    );
  } finally {
    transporter.close();
  }
}

/** A bare twilio SDK loop to the double: `messages.create` and nothing else. */
export async function bareSmsLoop(endpoints: DoublesEndpoints, count: number, concurrency: number): Promise<void> {
  const body = sampleContent().sms;
  const client = twilio(endpoints.accountSid, endpoints.authToken, { autoRetry: false });
  (client.api as unknown as { baseUrl: string }).baseUrl = endpoints.twilioUrl;
  await bounded(count, concurrency, (i) =>
    client.messages.create({ to: `+4860${String(i).padStart(7, '0')}`, from: '+15005550006', body, statusCallback: 'http://127.0.0.1:9/status' }),
  );
}
