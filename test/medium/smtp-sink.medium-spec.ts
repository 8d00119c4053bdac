import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { simpleParser } from 'mailparser';
import { BounceDsnBuilder, buildDsn, deliverRawMail, parseDeliveryStatus, SmtpSink } from '@app/testing';

type SmtpError = Error & { responseCode?: number; permanent?: boolean };

async function sendExpectingError(transport: Transporter, mail: SendMailOptions): Promise<SmtpError> {
  try {
    await transport.sendMail(mail);
  } catch (err) {
    return err as SmtpError;
  }
  throw new Error('sendMail resolved, a rejection was expected');
}

describe('SmtpSink with a pooled nodemailer transport', () => {
  let sink: SmtpSink;
  let transport: Transporter<SMTPTransport.SentMessageInfo>;

  beforeAll(async () => {
    sink = await SmtpSink.start({ user: 'bc', pass: 's3cret' });
    transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: 3 } as SMTPTransport.Options);
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
  });
  beforeEach(() => sink.clear());

  it('listens on loopback with a random port and credentials in the url', () => {
    expect(sink.port).toBeGreaterThan(0);
    expect(sink.url).toBe(`smtp://bc:s3cret@127.0.0.1:${sink.port}`);
  });

  it('receives parsed messages with Message-ID, In-Reply-To, References and the envelope', async () => {
    const info = await transport.sendMail({
      from: 'breachcast <security@vendor.test>',
      to: 'DPO <iod@poznan.example>',
      subject: 'INC-1 update 1',
      text: 'plain body',
      html: '<p>html body</p>',
      messageId: '<notice-2@vendor.test>',
      inReplyTo: '<notice-1@vendor.test>',
      references: ['<notice-1@vendor.test>'],
      envelope: { from: 'bounce+n2@vendor.test', to: ['iod@poznan.example'] },
      headers: { 'X-Breachcast-Notice': 'n2' },
      dsn: { id: 'n2', return: 'headers', notify: ['failure', 'delay'], recipient: 'iod@poznan.example' },
    });
    expect(info.accepted).toEqual(['iod@poznan.example']);
    const [mail] = await sink.waitFor(1);
    expect(mail.messageId).toBe('<notice-2@vendor.test>');
    expect(mail.inReplyTo).toBe('<notice-1@vendor.test>');
    expect(mail.references).toEqual(['<notice-1@vendor.test>']);
    expect(mail.envelope.from).toBe('bounce+n2@vendor.test');
    expect(mail.envelope.to).toEqual(['iod@poznan.example']);
    expect(mail.envelope.dsn?.envid).toBe('n2');
    expect(mail.envelope.dsn?.recipients['iod@poznan.example']?.notify).toEqual(['FAILURE', 'DELAY']);
    expect(mail.subject).toBe('INC-1 update 1');
    expect(mail.text?.trim()).toBe('plain body');
    expect(mail.html).toContain('<p>html body</p>');
    expect(mail.from).toBe('"breachcast" <security@vendor.test>');
    expect(mail.to).toEqual(['iod@poznan.example']);
    expect(mail.headers.get('x-breachcast-notice')).toBe('n2');
    expect(mail.user).toBe('bc');
    expect(mail.raw).toContain('Message-ID: <notice-2@vendor.test>');
    expect(sink.attempts('IOD@poznan.example')).toBe(1);
  });

  it('refuses wrong credentials', async () => {
    const bad = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true, auth: { user: 'bc', pass: 'nope' } });
    const err = await sendExpectingError(bad, { from: 'a@x.test', to: 'b@x.test', text: 'x' });
    bad.close();
    expect(err.responseCode).toBe(535);
    expect(sink.messages).toHaveLength(0);
  });

  it('[451, 451]: two temporary refusals, then the third attempt is accepted', async () => {
    sink.script('slow@tenant.test', [451, 451]);
    const mail = { from: 'security@vendor.test', to: 'slow@tenant.test', subject: 'retry me', text: 'x' };
    for (let i = 0; i < 2; i++) {
      const err = await sendExpectingError(transport, mail);
      expect(err.responseCode).toBe(451);
      expect(err.permanent).toBe(false);
    }
    expect(sink.messages).toHaveLength(0);
    const info = await transport.sendMail(mail);
    expect(info.response).toMatch(/^250 /);
    expect(sink.attempts('slow@tenant.test')).toBe(3);
    expect(sink.messagesTo('slow@tenant.test')).toHaveLength(1);
    expect(sink.rejected).toBe(2);
  });

  it('[550]: a permanent refusal, with the scripted message', async () => {
    sink.script('gone@tenant.test', [{ code: 550, message: '5.1.1 <gone@tenant.test>: user unknown' }]);
    const err = await sendExpectingError(transport, { from: 'security@vendor.test', to: 'gone@tenant.test', text: 'x' });
    expect(err.responseCode).toBe(550);
    expect(err.permanent).toBe(true);
    expect(err.message).toContain('user unknown');
    expect(sink.remainingScript('gone@tenant.test')).toBe(0);
  });

  it("'*' scripts every recipient without a script of its own", async () => {
    sink.script('*', [{ code: 421, message: 'try again later' }]).script('own@tenant.test', [250]);
    const err = await sendExpectingError(transport, { from: 'a@vendor.test', to: 'any@tenant.test', text: 'x' });
    expect(err.responseCode).toBe(421);
    await transport.sendMail({ from: 'a@vendor.test', to: 'own@tenant.test', text: 'x' });
    await transport.sendMail({ from: 'a@vendor.test', to: 'any@tenant.test', text: 'x' });
    expect(sink.messages.map((m) => m.envelope.to[0])).toEqual(['own@tenant.test', 'any@tenant.test']);
  });

  it('a refusal at RCPT for one of two recipients resolves with info.rejected', async () => {
    sink.script('bad@tenant.test', [{ code: 550, at: 'rcpt' }]);
    const info = await transport.sendMail({ from: 'security@vendor.test', to: ['good@tenant.test', 'bad@tenant.test'], text: 'x' });
    expect(info.accepted).toEqual(['good@tenant.test']);
    expect(info.rejected).toEqual(['bad@tenant.test']);
    const [mail] = await sink.waitFor(1);
    expect(mail.envelope.to).toEqual(['good@tenant.test']);
  });

  it('waitFor with a predicate resolves with the matching messages and times out with a clear error', async () => {
    const waiting = sink.waitFor((m) => m.subject === 'second');
    await transport.sendMail({ from: 'a@vendor.test', to: 'x@tenant.test', subject: 'first', text: '1' });
    await transport.sendMail({ from: 'a@vendor.test', to: 'x@tenant.test', subject: 'second', text: '2' });
    const found = await waiting;
    expect(found.map((m) => m.subject)).toEqual(['second']);
    await expect(sink.waitFor(5, 50)).rejects.toThrow(/SmtpSink: waited 50 ms for 5 item\(s\), got 2/);
  });

  it('keeps up with a burst over the pool', async () => {
    const n = 300;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        transport.sendMail({ from: 'a@vendor.test', to: `t${i}@tenant.test`, subject: `s${i}`, text: 'x', messageId: `<m${i}@vendor.test>` }),
      ),
    );
    const all = await sink.waitFor(n);
    expect(new Set(all.map((m) => m.messageId)).size).toBe(n);
  });
});

describe('SmtpSink with parse: false and no auth', () => {
  it('keeps only envelope, size and Message-ID', async () => {
    const sink = await SmtpSink.start({ parse: false });
    const transport = nodemailer.createTransport({ ...sink.transportOptions(), maxConnections: 5 } as SMTPTransport.Options);
    try {
      expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);
      const n = 500;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          transport.sendMail({ from: 'a@vendor.test', to: `t${i}@tenant.test`, subject: 's', text: 'body', messageId: `<fast${i}@vendor.test>` }),
        ),
      );
      const all = await sink.waitFor(n);
      const m = all.find((x) => x.envelope.to[0] === 't7@tenant.test')!;
      expect(m.messageId).toBe('<fast7@vendor.test>');
      expect(m.size).toBeGreaterThan(100);
      expect(m.raw).toBeUndefined();
      expect(m.subject).toBeUndefined();
    } finally {
      transport.close();
      await sink.stop();
    }
  });
});

describe('buildDsn / BounceDsnBuilder', () => {
  it('builds an RFC 3464 report that mailparser reads, with a message/delivery-status part', async () => {
    const raw = buildDsn({
      to: 'bounce+notice-42@vendor.test',
      originalRecipient: 'gone@tenant.test',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <gone@tenant.test>: Recipient address rejected: User unknown',
      originalEnvelopeId: 'notice-42',
      originalMessageId: '<notice-42@vendor.test>',
      originalSubject: 'INC-7: personal data breach',
    });
    expect(raw).toMatch(/\r\n/);
    // keepDeliveryStatus: without it mailparser folds the report into `text`
    const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/report', params: { 'report-type': 'delivery-status' } });
    expect(parsed.inReplyTo).toBe('<notice-42@vendor.test>');
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value[0].address).toBe('bounce+notice-42@vendor.test');
    const part = parsed.attachments.find((a) => a.contentType === 'message/delivery-status');
    expect(part).toBeDefined();
    const ds = parseDeliveryStatus(part!.content);
    expect(ds.message['reporting-mta']).toBe('dns; mx.bounce.test');
    expect(ds.message['original-envelope-id']).toBe('notice-42');
    expect(ds.recipients).toHaveLength(1);
    expect(ds.recipients[0]['final-recipient']).toBe('rfc822; gone@tenant.test');
    expect(ds.recipients[0]['original-recipient']).toBe('rfc822; gone@tenant.test');
    expect(ds.recipients[0].action).toBe('failed');
    expect(ds.recipients[0].status).toBe('5.1.1');
    expect(ds.recipients[0]['diagnostic-code']).toContain('User unknown');
    const headersPart = parsed.attachments.find((a) => a.contentType === 'text/rfc822-headers');
    expect(headersPart?.content.toString()).toContain('Message-ID: <notice-42@vendor.test>');
  });

  it('the fluent builder makes multi-recipient and delay reports; bad status codes are refused', () => {
    const raw = new BounceDsnBuilder()
      .to('bounce+n1@vendor.test')
      .recipient('a@tenant.test', '4.2.2', '452 4.2.2 mailbox full')
      .recipient('b@tenant.test', '4.4.1')
      .build();
    expect(raw).toContain('Subject: Delivery Status Notification (Delay)');
    const body = raw.split('Content-Description: Delivery report\r\n\r\n')[1].split('\r\n--')[0];
    const ds = parseDeliveryStatus(body);
    expect(ds.recipients.map((r) => [r['final-recipient'], r.action, r.status])).toEqual([
      ['rfc822; a@tenant.test', 'delayed', '4.2.2'],
      ['rfc822; b@tenant.test', 'delayed', '4.4.1'],
    ]);
    expect(() => buildDsn({ to: 'x@y.test', originalRecipient: 'a@b.test', status: '550' })).toThrow(/RFC 3463/);
  });

  it('deliverRawMail sends a DSN with the null sender to an SMTP listener', async () => {
    const listener = await SmtpSink.start();
    try {
      const raw = buildDsn({ to: 'bounce+n9@vendor.test', originalRecipient: 'x@tenant.test', status: '5.2.2' });
      const info = await deliverRawMail({ port: listener.port, to: 'bounce+n9@vendor.test', raw });
      expect(info.accepted).toEqual(['bounce+n9@vendor.test']);
      const [mail] = await listener.waitFor(1);
      expect(mail.envelope.from).toBe('');
      expect(mail.subject).toBe('Delivery Status Notification (Failure)');
      expect(mail.attachments.some((a) => a.contentType === 'message/delivery-status')).toBe(true);
    } finally {
      await listener.stop();
    }
  });
});
