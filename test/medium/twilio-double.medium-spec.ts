import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { checkCreateMessage, messageResourceProperties, messagesSpec, messageStatuses, smsSegments, TwilioDouble, twilioClientFor, twilioSignature } from '@app/testing';

const FROM = '+15005550006';
const TO = '+48612345678';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
}

/** A tiny local webhook receiver standing in for the product's /v1/webhooks/twilio/status. */
async function startReceiver(status = 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, params: Object.fromEntries(new URLSearchParams(body)) });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function rejection(p: Promise<unknown>): Promise<{ status?: number; code?: number; message: string; moreInfo?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { status?: number; code?: number; message: string };
  }
  throw new Error('expected a rejection');
}

describe('extracted Twilio spec', () => {
  it('has the message resource, the create schema and the status enum', () => {
    const spec = messagesSpec();
    expect(spec.operations.createMessage.path).toBe('/2010-04-01/Accounts/{AccountSid}/Messages.json');
    expect(spec.operations.createMessage.successStatus).toBe(201);
    expect(spec.operations.fetchMessage.path).toBe('/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json');
    expect(spec.operations.createMessage.requestSchema.required).toEqual(['To']);
    expect(spec.operations.createMessage.conditional).toEqual([
      ['from', 'messaging_service_sid'],
      ['body', 'media_url', 'content_sid'],
    ]);
    expect(messageResourceProperties()).toEqual(expect.arrayContaining(['sid', 'status', 'num_segments', 'subresource_uris']));
    expect(messageStatuses()).toEqual(expect.arrayContaining(['queued', 'accepted', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'canceled']));
  });

  it('validates create forms from the schema: required, conditional groups, enums, patterns, types', () => {
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'hi' }).error).toBeUndefined();
    expect(checkCreateMessage({ From: FROM, Body: 'hi' }).error?.code).toBe(21604);
    expect(checkCreateMessage({ To: TO, Body: 'hi' }).error?.code).toBe(21603);
    expect(checkCreateMessage({ To: TO, From: FROM }).error?.code).toBe(21602);
    expect(checkCreateMessage({ To: TO, MessagingServiceSid: 'MG' + 'a'.repeat(32), MediaUrl: ['https://x.test/a.png'] }).error).toBeUndefined();
    expect(checkCreateMessage({ To: TO, MessagingServiceSid: 'MGnope', Body: 'x' }).error?.code).toBe(21701);
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'x', ContentRetention: 'forever' }).error).toMatchObject({ status: 400, code: 20001 });
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'x', ValidityPeriod: 'soon' }).error?.message).toMatch(/ValidityPeriod/);
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'x', SmartEncoded: 'yes' }).error?.message).toMatch(/boolean/);
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'x', StatusCallback: 'not a url' }).error?.code).toBe(21609);
    expect(checkCreateMessage({ To: '0612345678', From: FROM, Body: 'x' }).error?.code).toBe(21211);
    expect(checkCreateMessage({ To: TO, From: 'Breachcast', Body: 'x' }).error).toBeUndefined(); // alphanumeric sender
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'x'.repeat(1601) }).error?.code).toBe(21617);
    // unknown parameters are tolerated (the spec's own example sends `Tags`)
    expect(checkCreateMessage({ To: TO, From: FROM, Body: 'x', Tags: '{}' })).toEqual({ unknownParams: ['Tags'] });
  });

  it('counts SMS segments in GSM-7 and UCS-2', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(69) + '—')).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ż'.repeat(71)).segments).toBe(2);
  });
});

describe('TwilioDouble driven by the twilio SDK', () => {
  let double: TwilioDouble;
  let client: twilio.Twilio;

  beforeAll(async () => {
    double = await TwilioDouble.start({ accountSid: 'AC' + '0123456789abcdef'.repeat(2), authToken: 'token-' + 'x'.repeat(26) });
    // How the product points the SDK at the double (TWILIO_API_BASE_URL):
    client = twilio(double.accountSid, double.authToken);
    client.api.baseUrl = double.url;
  });
  afterAll(() => double.stop());
  beforeEach(() => double.clear());

  it('creates a message shaped exactly like the spec resource (201, queued)', async () => {
    const msg = await client.messages.create({ to: TO, from: FROM, body: 'INC-1: breach notice, details by email', statusCallback: 'http://127.0.0.1:9/cb' });
    expect(msg.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(msg.status).toBe('queued');
    expect(msg.direction).toBe('outbound-api');
    expect(msg.accountSid).toBe(double.accountSid);
    expect(msg.numSegments).toBe('1');
    expect(msg.dateCreated).toBeInstanceOf(Date);
    expect(msg.errorCode).toBeNull();

    const [req] = double.requests;
    expect(req.status).toBe(201);
    expect(req.authOk).toBe(true);
    expect(req.form).toMatchObject({ To: TO, From: FROM, StatusCallback: 'http://127.0.0.1:9/cb' });
    const resource = req.responseBody as Record<string, unknown>;
    // every property the spec lists is present, and nothing else
    expect(Object.keys(resource).sort()).toEqual(messageResourceProperties().sort());
    const props = messagesSpec().schemas['api.v2010.account.message'].properties;
    for (const [key, schema] of Object.entries(props)) {
      const v = resource[key];
      if (v === null) {
        expect({ key, nullable: schema.nullable }).toEqual({ key, nullable: true });
        continue;
      }
      if (schema.pattern) expect(String(v)).toMatch(new RegExp(schema.pattern));
      if (schema.enum) expect(schema.enum).toContain(v);
      if (schema.format === 'date-time-rfc-2822') expect(String(v)).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      if (schema.type === 'integer') expect(Number.isInteger(v)).toBe(true);
      if (schema.type === 'object') expect(typeof v).toBe('object');
      if (schema.type === 'string') expect(typeof v).toBe('string');
    }
    expect(resource).toMatchObject({
      to: TO,
      from: FROM,
      api_version: '2010-04-01',
      price: null,
      error_code: null,
      uri: `/2010-04-01/Accounts/${double.accountSid}/Messages/${msg.sid}.json`,
    });

    expect(double.messages).toHaveLength(1);
    expect(double.messages[0].statusCallback).toBe('http://127.0.0.1:9/cb');
    expect(double.attempts(TO)).toBe(1);
  });

  it('a messaging service sender gives status accepted and from null', async () => {
    const mss = 'MG' + 'b'.repeat(32);
    const msg = await client.messages.create({ to: TO, messagingServiceSid: mss, body: 'hi' });
    expect(msg.status).toBe('accepted');
    expect(msg.from).toBeNull();
    expect(msg.messagingServiceSid).toBe(mss);
  });

  it('repeated MediaUrl parameters from the SDK arrive as a list; long UCS-2 bodies count segments', async () => {
    const body = 'Naruszenie ochrony danych — szczegóły wysłaliśmy e-mailem. '.repeat(2);
    const msg = await client.messages.create({ to: TO, from: FROM, body, mediaUrl: ['https://x.test/a.png', 'https://x.test/b.png'] });
    expect(msg.numMedia).toBe('2');
    expect(msg.numSegments).toBe(String(smsSegments(body).segments));
    expect(smsSegments(body)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const m = double.message(msg.sid)!;
    expect(m.form.MediaUrl).toEqual(['https://x.test/a.png', 'https://x.test/b.png']);
    expect(m.encoding).toBe('UCS-2');
  });

  it('fetch returns the message and follows status changes; an unknown sid is 404', async () => {
    const msg = await client.messages.create({ to: TO, from: FROM, body: 'hi' });
    double.setStatus(msg.sid, 'undelivered', 30005);
    const fetched = await client.messages(msg.sid).fetch();
    expect(fetched.status).toBe('undelivered');
    expect(fetched.errorCode).toBe(30005);
    expect(fetched.dateSent).toBeInstanceOf(Date);
    const err = await rejection(client.messages('SM' + '0'.repeat(32)).fetch());
    expect(err).toMatchObject({ status: 404, code: 20404 });
  });

  it('wrong credentials → 401 RestException code 20003', async () => {
    const bad = twilio(double.accountSid, 'wrong-token');
    bad.api.baseUrl = double.url;
    const err = await rejection(bad.messages.create({ to: TO, from: FROM, body: 'x' }));
    expect(err).toBeInstanceOf(twilio.RestException);
    expect(err).toMatchObject({ status: 401, code: 20003 });
    expect(double.requests[0].authOk).toBe(false);
    expect(double.messages).toHaveLength(0);
  });

  it('missing To → 400 code 21604 (raw HTTP: the SDK refuses to send without `to`)', async () => {
    const res = await fetch(`${double.url}/2010-04-01/Accounts/${double.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${double.accountSid}:${double.authToken}`).toString('base64'),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ From: FROM, Body: 'x' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 21604, message: "A 'To' phone number is required.", more_info: 'https://www.twilio.com/docs/errors/21604', status: 400 });
  });

  it('missing Body / sender through the SDK → 21602 / 21603', async () => {
    expect(await rejection(client.messages.create({ to: TO, from: FROM }))).toMatchObject({ status: 400, code: 21602 });
    expect(await rejection(client.messages.create({ to: TO, body: 'x' }))).toMatchObject({ status: 400, code: 21603 });
  });

  it('scripted 429 then 503 then success, consumed one per request for that To', async () => {
    double.script(TO, [{ status: 429, code: 20429 }, 503]);
    const first = await rejection(client.messages.create({ to: TO, from: FROM, body: 'x' }));
    expect(first).toBeInstanceOf(twilio.RestException);
    expect(first).toMatchObject({ status: 429, code: 20429 });
    expect(await rejection(client.messages.create({ to: TO, from: FROM, body: 'x' }))).toMatchObject({ status: 503, code: 20503 });
    // another number is not affected
    await client.messages.create({ to: '+48600000001', from: FROM, body: 'x' });
    const ok = await client.messages.create({ to: TO, from: FROM, body: 'x' });
    expect(ok.status).toBe('queued');
    expect(double.attempts(TO)).toBe(3);
    expect(double.messagesTo(TO)).toHaveLength(1);
  });

  it('scripted 400/21211 and a dropped connection', async () => {
    double.script(TO, [{ status: 400, code: 21211, message: 'bad To' }, { drop: true }]);
    expect(await rejection(client.messages.create({ to: TO, from: FROM, body: 'x' }))).toMatchObject({ status: 400, code: 21211, message: 'bad To' });
    const dropped = await rejection(client.messages.create({ to: TO, from: FROM, body: 'x' }));
    expect(dropped.status).toBeUndefined();
    expect(double.messages).toHaveLength(0);
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550009', 21614],
    ['+15005550004', 21610],
  ])('magic To %s → 400 code %d', async (to, code) => {
    const err = await rejection(client.messages.create({ to, from: FROM, body: 'x' }));
    expect(err).toMatchObject({ status: 400, code });
    expect(err.moreInfo).toBe(`https://www.twilio.com/docs/errors/${code}`);
  });

  it('twilioClientFor and a custom httpClient rewriting opts.uri both reach the double', async () => {
    const viaHelper = twilioClientFor(double);
    expect((await viaHelper.messages.create({ to: TO, from: FROM, body: 'a' })).status).toBe('queued');

    const inner = new twilio.RequestClient();
    const rewriting = twilio(double.accountSid, double.authToken, {
      httpClient: {
        request: (opts: Parameters<typeof inner.request>[0]) => inner.request({ ...opts, uri: opts.uri.replace('https://api.twilio.com', double.url) }),
      } as unknown as typeof inner,
    });
    expect((await rewriting.messages.create({ to: TO, from: FROM, body: 'b' })).status).toBe('queued');
    expect(double.messages.map((m) => m.body)).toEqual(['a', 'b']);
  });
});

describe('TwilioDouble status callbacks', () => {
  let double: TwilioDouble;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  afterEach(() => double?.stop());

  it('sendStatusCallback posts Twilio parameters signed so that twilio.validateRequest accepts them', async () => {
    double = await TwilioDouble.start();
    const client = twilioClientFor(double);
    const callbackUrl = `${receiver.url}/v1/webhooks/twilio/status?x=1`;
    const msg = await client.messages.create({ to: TO, from: FROM, body: 'x', statusCallback: callbackUrl });
    expect(receiver.received).toHaveLength(0); // the initial status sends no callback

    expect(await double.sendStatusCallback(msg.sid, 'sent')).toBe(200);
    expect(await double.sendStatusCallback(msg.sid, 'undelivered', { errorCode: 30003 })).toBe(200);
    expect(receiver.received).toHaveLength(2);
    const [sent, undelivered] = receiver.received;
    expect(sent.path).toBe('/v1/webhooks/twilio/status?x=1');
    expect(sent.params).toEqual({
      SmsSid: msg.sid,
      SmsStatus: 'sent',
      MessageStatus: 'sent',
      To: TO,
      MessageSid: msg.sid,
      AccountSid: double.accountSid,
      From: FROM,
      ApiVersion: '2010-04-01',
    });
    expect(undelivered.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(undelivered.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    for (const r of receiver.received) {
      const header = r.headers['x-twilio-signature'] as string;
      expect(twilio.validateRequest(double.authToken, header, callbackUrl, r.params)).toBe(true);
      expect(twilio.validateRequest('another-token', header, callbackUrl, r.params)).toBe(false);
      expect(r.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    }
    // the resource follows
    expect((await client.messages(msg.sid).fetch()).status).toBe('undelivered');
    // a forged signature can be produced on purpose
    await double.sendStatusCallback(msg.sid, 'delivered', { signWith: 'forged' });
    const forged = receiver.received[2];
    expect(twilio.validateRequest(double.authToken, forged.headers['x-twilio-signature'] as string, callbackUrl, forged.params)).toBe(false);
  });

  it('returns the receiver status, and rejects when nobody listens', async () => {
    double = await TwilioDouble.start();
    const refusing = await startReceiver(403);
    try {
      const msg = await twilioClientFor(double).messages.create({ to: TO, from: FROM, body: 'x', statusCallback: refusing.url + '/cb' });
      expect(await double.sendStatusCallback(msg.sid, 'sent')).toBe(403);
      await expect(double.sendStatusCallback(msg.sid, 'delivered', { url: 'http://127.0.0.1:9/closed' })).rejects.toThrow(/status callback/);
      await expect(double.sendStatusCallback('SM' + 'f'.repeat(32), 'sent')).rejects.toThrow(/no message/);
    } finally {
      await refusing.close();
    }
  });

  it('autoCallbacks send sent then delivered after create; a scripted accept can end undelivered', async () => {
    double = await TwilioDouble.start({ autoCallbacks: { statuses: ['sent', 'delivered'], delayMs: 5 } });
    receiver.received.length = 0;
    const client = twilioClientFor(double);
    const a = await client.messages.create({ to: TO, from: FROM, body: 'x', statusCallback: `${receiver.url}/a` });
    double.script('+48600000002', [{ status: 201, callbacks: ['sent', 'undelivered'], errorCode: 30006 }]);
    const b = await client.messages.create({ to: '+48600000002', from: FROM, body: 'x', statusCallback: `${receiver.url}/b` });
    const callbacks = await double.waitForCallbacks(4);
    expect(callbacks.filter((c) => c.sid === a.sid).map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(callbacks.filter((c) => c.sid === b.sid).map((c) => [c.params.MessageStatus, c.params.ErrorCode])).toEqual([
      ['sent', undefined],
      ['undelivered', '30006'],
    ]);
    expect(callbacks.every((c) => c.status === 200)).toBe(true);
    expect(double.message(a.sid)?.status).toBe('delivered');
    expect(receiver.received.filter((r) => r.path === '/b')).toHaveLength(2);
  });

  it('deliverCallbacksTo sends to the local app but signs the public StatusCallback URL', async () => {
    double = await TwilioDouble.start({ deliverCallbacksTo: receiver.url });
    receiver.received.length = 0;
    const publicUrl = 'https://breachcast.example/v1/webhooks/twilio/status';
    const msg = await twilioClientFor(double).messages.create({ to: TO, from: FROM, body: 'x', statusCallback: publicUrl });
    expect(await double.sendStatusCallback(msg.sid, 'delivered')).toBe(200);
    const [r] = receiver.received;
    expect(r.path).toBe('/v1/webhooks/twilio/status');
    const header = r.headers['x-twilio-signature'] as string;
    expect(header).toBe(twilioSignature(double.authToken, publicUrl, r.params));
    expect(twilio.validateRequest(double.authToken, header, publicUrl, r.params)).toBe(true);
    expect(twilio.validateRequest(double.authToken, header, `${receiver.url}/v1/webhooks/twilio/status`, r.params)).toBe(false);
  });

  it('rateLimit answers 429/20429 beyond the rate', async () => {
    // The clock stands still (timers run as usual), so however slowly a busy machine sends the 12, no token comes back.
    jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      double = await TwilioDouble.start({ rateLimit: { perSecond: 5 } });
      const client = twilioClientFor(double);
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.messages.create({ to: TO, from: FROM, body: 'x' })));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
      expect(rejected).toHaveLength(7);
      expect(rejected[0].reason).toMatchObject({ status: 429, code: 20429 });
    } finally {
      jest.useRealTimers();
    }
  });
});
