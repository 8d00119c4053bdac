import { buildDsn } from '@app/testing';
import { deliveryStatusGroups, parseDsn } from './dsn-report';

describe(parseDsn.name, () => {
  const id = '3f1e9a62-7c55-4c8e-9d1b-2a6f0e4b8c11';

  it('reads the envelope id and the failed recipient with its diagnostic', async () => {
    const raw = buildDsn({
      to: `bounce+${id}@vendor.example`,
      originalRecipient: 'Gone@Tenant.example',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <gone@tenant.example>: user unknown',
      originalEnvelopeId: id,
      reportingMta: 'mx.tenant.example',
    });
    await expect(parseDsn(raw)).resolves.toEqual({
      envelopeId: id,
      identity: expect.any(String),
      reportingMta: 'mx.tenant.example',
      recipients: [
        {
          finalRecipient: 'gone@tenant.example',
          originalRecipient: 'gone@tenant.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <gone@tenant.example>: user unknown',
          remoteMta: null,
        },
      ],
    });
  });

  it('gives the same report the same identity, however its message is wrapped, and another report another', async () => {
    const date = new Date('2024-05-02T10:00:00Z');
    const options = { to: `bounce+${id}@vendor.example`, originalRecipient: 'gone@tenant.example', status: '5.1.1', diagnostic: '550 user unknown', date };
    const first = await parseDsn(buildDsn(options));
    const again = await parseDsn(buildDsn({ ...options, messageId: 'another@mx.test', humanText: 'Sorry.' }).replace(/\r\n/g, '\n'));
    const other = await parseDsn(buildDsn({ ...options, status: '5.7.1', diagnostic: '550 rejected' }));
    expect(again?.identity).toBe(first?.identity);
    expect(other?.identity).not.toBe(first?.identity);
  });

  it('tells a delay from a failure', async () => {
    const raw = buildDsn({ to: `bounce+${id}@vendor.example`, originalRecipient: 'full@tenant.example', status: '4.2.2', diagnostic: '452 mailbox full' });
    const report = await parseDsn(raw);
    expect(report?.recipients.map((r) => r.action)).toEqual(['delayed']);
    expect(report?.envelopeId).toBeNull();
  });

  it('is null for mail that is not a delivery-status report', async () => {
    const reply = ['From: dpo@tenant.example', `To: bounce+${id}@vendor.example`, 'Subject: Out of office', '', 'I am away until Monday.', ''].join('\r\n');
    await expect(parseDsn(reply)).resolves.toBeNull();
    await expect(parseDsn('not even a message')).resolves.toBeNull();
  });

  it('unfolds continued lines and ignores field names of other groups', () => {
    expect(deliveryStatusGroups('Reporting-MTA: dns;\r\n mx.example\r\n\r\nAction: failed\r\nStatus: 5.0.0\r\n')).toEqual([
      { 'reporting-mta': 'dns; mx.example' },
      { action: 'failed', status: '5.0.0' },
    ]);
  });
});
