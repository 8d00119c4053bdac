import autocannon from 'autocannon';
import { Client } from 'pg';
import twilio from 'twilio';
import { Stack } from '../support/stack';

export interface WebhookResult {
  requests: number;
  seconds: number;
  perSecond: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
  connections: number;
  delivered: number;
  notices: number;
  apiPeakRss: number;
}

const PATH = '/v1/webhooks/twilio/status';

/**
 * Signed `delivered` status callbacks, one per sent SMS notice of `incidentId`, as fast as the API
 * takes them (autocannon), then checks that every notice ended `delivered`.
 */
export async function runWebhooks(stack: Stack, incidentId: string, connections: number): Promise<WebhookResult> {
  await Promise.all(stack.workers.map(async (w) => (await w.writeProfile(), await w.stop()))); // the API alone takes callbacks
  stack.workers = [];
  const db = new Client({ connectionString: stack.db.url });
  await db.connect();
  try {
    const { rows } = await db.query<{ sid: string; to: string }>(`SELECT provider_message_id AS sid, "to" FROM notice WHERE incident_id = $1 AND channel = 'sms'`, [incidentId]);
    const { accountSid, authToken } = stack.doubles.endpoints;
    const url = `${stack.env.PUBLIC_BASE_URL}${PATH}`;
    // Signed up front, so the load generator spends its time sending.
    const prepared = rows.map(({ sid, to }) => {
      const params = { SmsSid: sid, SmsStatus: 'delivered', MessageStatus: 'delivered', To: to, MessageSid: sid, AccountSid: accountSid, From: '+15005550006', ApiVersion: '2010-04-01' };
      return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(authToken, url, params) };
    });
    let next = 0;
    const result = await autocannon({
      url: `${stack.apiUrl}${PATH}`,
      connections,
      amount: prepared.length,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const p = prepared[next++ % prepared.length];
            return { ...req, body: p.body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': p.signature } };
          },
        },
      ],
    });
    const { rows: after } = await db.query(`SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered, count(*)::int AS total FROM notice WHERE incident_id = $1`, [incidentId]);
    const seconds = result.duration;
    return {
      requests: result.requests.total,
      seconds,
      perSecond: result.requests.total / seconds,
      latencyP50: result.latency.p50,
      latencyP99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      connections,
      delivered: after[0].delivered,
      notices: after[0].total,
      apiPeakRss: stack.peakRss().api ?? 0,
    };
  } finally {
    await db.end();
  }
}
