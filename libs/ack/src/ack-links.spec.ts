import { countSmsSegments } from '@app/kernel';
import { randomBytes } from 'node:crypto';
import { REDACTED_ACK_TOKEN, redactAckLinks, redactAckLinksIn, seesAckLinks } from './ack-links';

describe(redactAckLinks.name, () => {
  const token = randomBytes(16).toString('base64url');

  it('replaces the token of every link, in text, HTML and the JSON summary path', () => {
    const text = `at https://x.example/ack/${token}\n<a href="https://x.example/ack/${token}">https://x.example/ack/${token}</a> /ack/${token}.json`;
    const out = redactAckLinks(text);
    expect(out).not.toContain(token);
    expect(out.split(`/ack/${REDACTED_ACK_TOKEN}`)).toHaveLength(5);
  });

  it('costs what a token costs in an SMS, and is no token', () => {
    expect(REDACTED_ACK_TOKEN).toHaveLength(token.length);
    const sms = (t: string) => `INC-1: Vendor notifies you of a breach. Details at https://x.example/ack/${t}`;
    expect(countSmsSegments(sms(REDACTED_ACK_TOKEN))).toEqual(countSmsSegments(sms(token)));
    expect(countSmsSegments(`Zażółć ${sms(REDACTED_ACK_TOKEN)}`)).toEqual(countSmsSegments(`Zażółć ${sms(token)}`));
    expect(REDACTED_ACK_TOKEN).not.toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('leaves other paths and longer ids alone', () => {
    expect(redactAckLinks('/v1/notices/0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b')).toBe('/v1/notices/0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b');
    expect(redactAckLinks(`/ack/${token}xyz`)).toBe(`/ack/${token}xyz`);
  });

  it('redacts every string inside a value, keeping dates and numbers', () => {
    const at = new Date();
    expect(redactAckLinksIn({ text: `/ack/${token}`, n: 1, at, list: [`/ack/${token}`, null] })).toEqual({
      text: `/ack/${REDACTED_ACK_TOKEN}`,
      n: 1,
      at,
      list: [`/ack/${REDACTED_ACK_TOKEN}`, null],
    });
  });

  it('lets only an admin see working links', () => {
    expect([seesAckLinks('admin'), seesAckLinks('approver'), seesAckLinks('auditor'), seesAckLinks(undefined)]).toEqual([true, false, false, false]);
  });
});
