import { loadConfig } from '@app/config';
import { CloudEvent } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { ChannelError, OutgoingNotice } from './channel.types';
import { maskWebhookUrl, WebhookChannelDriver } from './webhook.channel';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

/** The sandbox twin writes captured events here. */
class FakeDataSource {
  readonly captured: Record<string, any>[] = [];
  getRepository() {
    return { insert: async (row: Record<string, unknown>) => void this.captured.push(row) };
  }
  async query(): Promise<unknown[]> {
    return [];
  }
}

const notice = (secret: string | null = SECRET, retiredAt: Date | null = null): OutgoingNotice => ({
  id: '0190f0e6-0000-7000-8000-000000000001',
  incidentId: '0190f0e6-0000-7000-8000-0000000000aa',
  version: 1,
  contactId: '0190f0e6-0000-7000-8000-0000000000cc',
  tenantId: '0190f0e6-0000-7000-8000-0000000000dd',
  to: 'https://siem.city-north.example/hooks/breachcast?token=abc',
  earlierEmail: async () => null,
  signingSecret: async () => secret,
  retiredAt,
});

const data = { kind: 'update', reference: 'INC-2026-7', tenant: { externalId: 'city-north' }, ackUrl: 'https://notify.vendor.example/ack/x' };
const rendered = { subject: null, text: JSON.stringify(data), html: null };

describe(WebhookChannelDriver.name, () => {
  const config = loadConfig({ PUBLIC_BASE_URL: 'https://notify.vendor.example', WEBHOOK_RATE_PER_SEC: '9' });

  it('sends to the webhook field, renders an event, takes WEBHOOK_RATE_PER_SEC and starts in the sandbox', () => {
    const sut = new WebhookChannelDriver(config, new FakeDataSource() as unknown as DataSource);
    expect(sut).toMatchObject({ channel: 'webhook', addressField: 'webhook', render: { format: 'event' }, ratePerSec: 9, sandboxed: true, escalatesWhenDead: false });
    expect(sut.isAddress('https://siem.example/x')).toBe(true);
    expect(sut.isAddress('http://siem.example/x')).toBe(false);
  });

  it('masks a URL to its scheme and host: paths often carry tokens', () => {
    expect(maskWebhookUrl('https://siem.city-north.example/hooks/breachcast?token=abc')).toBe('https://siem.city-north.example/…');
  });

  it('captures a signed CloudEvent that standardwebhooks verifies and the CloudEvents SDK accepts', async () => {
    const db = new FakeDataSource();
    const sut = new WebhookChannelDriver(config, db as unknown as DataSource);
    const result = await sut.send(notice(), rendered);
    expect(result).toMatchObject({ providerMessageId: notice().id, sandboxed: true });
    const [captured] = db.captured;
    expect(captured).toMatchObject({ channel: 'webhook', to: notice().to, subject: 'breachcast.notice.update', providerId: notice().id });
    const event = new Webhook(SECRET).verify(captured.text, captured.headers) as Record<string, unknown>;
    expect(event).toMatchObject({ specversion: '1.0', id: notice().id, source: 'https://notify.vendor.example', type: 'breachcast.notice.update', subject: 'INC-2026-7', datacontenttype: 'application/json', data });
    expect(() => new CloudEvent(event, true).validate()).not.toThrow();
    expect(captured.headers['webhook-id']).toBe(notice().id);
  });

  it('sends nothing unsigned, and nothing to a retired endpoint', async () => {
    const db = new FakeDataSource();
    const sut = new WebhookChannelDriver(config, db as unknown as DataSource);
    await expect(sut.send(notice(null), rendered)).rejects.toMatchObject({ permanent: true, message: expect.stringMatching(/no webhook signing secret/) });
    const refused = sut.send(notice(SECRET, new Date('2026-12-01T10:00:00Z')), rendered);
    await expect(refused).rejects.toBeInstanceOf(ChannelError);
    await expect(refused).rejects.toMatchObject({ permanent: true, message: 'endpoint retired: it answered 410 Gone on 2026-12-01T10:00:00.000Z' });
    expect(db.captured).toHaveLength(0);
  });
});
