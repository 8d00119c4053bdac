import { APP_CONFIG, AppConfig } from '@app/config';
import { ChannelError, ChannelRegistry, OutgoingNotice, SendResult } from '@app/channels';
import { SendGate } from '@app/queue';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import pLimit, { Limit } from 'p-limit';
import { hostname } from 'node:os';
import { AckTokensService, WebhookSecretsService } from '@app/ack';
import { EscalationService } from '@app/escalation';
import { IncidentBody } from '@app/incidents';
import { NoticeComposer } from '@app/notices';
import { TenantFacts } from '@app/scope';
import type { RenderedContent } from '@app/templates';
import { SEND_METRICS, SendMetrics } from '@app/observability';
import { ClaimedNotice, DeliveryRepository, SentRecord } from './delivery.repository';
import { WriteBatcher } from './write-batcher';

export type SendOutcome =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'skipped'; reason: 'unknown notice' | 'already past queued' }
  | { outcome: 'failed'; error: string };

export interface AttemptInfo {
  /** 1-based number of this attempt. */
  attempt: number;
  /** No retry follows this one. */
  last: boolean;
}

/** Which process sent it, kept on each attempt's event: scale-out and crash questions start there. */
const WORKER = `${hostname()}:${process.pid}`;
/**
 * How long a claim or sent record waits for others before its statement starts. SMTP answers arrive one
 * by one, so without it email batches held one or two rows; with 3 and 5 ms the delivery bench's
 * PostgreSQL CPU per email fell from about 1.1 to 0.6 ms and per SMS from 0.55 to 0.37 ms.
 */
const CLAIM_LINGER_MS = 3;
const SENT_LINGER_MS = 5;

/**
 * Send jobs one worker holds per channel, per send slot (SEND_CONCURRENCY): while a slot's send is with the
 * provider, the next job is claimed and rendered, so a slot does not wait for the database between sends.
 */
export const JOBS_PER_SEND_SLOT = 2;

/** A failed attempt worth another; `retryAfterMs`: the provider asked for no retry sooner (the send queues' backoff honours it). */
export class TransientSendError extends Error {
  override name = 'TransientSendError';
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Sends one notice: claim it, render it from stored facts, hand it to the channel, record the outcome. */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');
  private readonly bodies = new Map<string, { body: IncidentBody; changeSummary: unknown }>();
  /** A notice appears at most once in a statement: a second job for it waits for the next one. */
  private readonly claims = new WriteBatcher<string, ClaimedNotice | null>((ids) => this.claimAll(ids), { key: (id) => id, maxBatch: 100, lingerMs: CLAIM_LINGER_MS });
  private readonly sent = new WriteBatcher<SentRecord, void>((records) => this.recordSent(records), { key: (r) => r.id, maxBatch: 100, lingerMs: SENT_LINGER_MS });
  /** Per channel: sends between the ceiling's gate and their recorded outcome (see slotsOf). */
  private readonly slots = new Map<string, Limit>();

  constructor(
    private readonly repository: DeliveryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelRegistry,
    private readonly ackTokens: AckTokensService,
    private readonly escalation: EscalationService,
    private readonly composer: NoticeComposer,
    private readonly gate: SendGate,
    private readonly webhookSecrets: WebhookSecretsService,
    @Optional() @Inject(SEND_METRICS) private readonly metrics?: SendMetrics,
  ) {}

  async send(noticeId: string, attempt: AttemptInfo): Promise<SendOutcome> {
    // Claim: only a notice not yet past `sending` is sent; a retry after a crash mid-send sends again (at least once).
    // Claims of jobs starting together share one statement (see WriteBatcher); the tenant's name, zone and facts
    // come back with it, so rendering needs no query of its own.
    const claimed = await this.claims.submit(noticeId);
    if (!claimed) {
      const exists = (await this.repository.statusOf(noticeId)) !== null;
      return { outcome: 'skipped', reason: exists ? 'already past queued' : 'unknown notice' };
    }
    const started = Date.now();
    let content: RenderedContent;
    try {
      content = await this.render(claimed);
    } catch (error) {
      const message = `render: ${(error as Error).message}`;
      await this.fail(claimed, attempt, message, null, true);
      this.metrics?.observeSend(claimed.channel, 'failed', (Date.now() - started) / 1000);
      return { outcome: 'failed', error: message };
    }
    // Claimed and rendered while earlier sends are with the provider; the slot is held until the outcome is recorded,
    // so sends answered but not yet recorded (the duplicates a crash can cause) stay within SEND_CONCURRENCY.
    return this.slotsOf(claimed.channel)(() => this.deliver(claimed, content, attempt));
  }

  /** Hands a rendered notice to its channel (within the channel's ceiling) and records the outcome. */
  private async deliver(claimed: ClaimedNotice, content: RenderedContent, attempt: AttemptInfo): Promise<SendOutcome> {
    const driver = this.channels.get(claimed.channel);
    let started = Date.now();
    let result: SendResult;
    try {
      const release = await this.gate.acquire(claimed.channel, driver.ratePerSec);
      // Send latency is the provider's: time spent waiting for a slot under the ceiling is not counted.
      started = Date.now();
      try {
        result = await driver.send(this.outgoing(claimed), content);
      } finally {
        await release();
      }
    } catch (error) {
      const channelError =
        error instanceof ChannelError ? error : new ChannelError((error as Error).message, false, (error as { code?: string }).code ?? null, null);
      const final = await this.fail(claimed, attempt, channelError.message, channelError, channelError.permanent);
      this.metrics?.observeSend(claimed.channel, final ? 'failed' : 'retry', (Date.now() - started) / 1000);
      if (final) {
        if (driver.escalatesWhenDead) await this.escalateIfUnreachable(claimed);
        return { outcome: 'failed', error: channelError.message };
      }
      throw new TransientSendError(channelError.message, channelError.retryAfterMs);
    }
    this.metrics?.observeSend(claimed.channel, 'sent', (Date.now() - started) / 1000);
    const hash = createHash('sha256').update(JSON.stringify([content.subject, content.text, content.html])).digest('hex');
    // Recorded before the job completes: the promise resolves once the statement carrying this row has committed.
    await this.sent.submit({
      id: claimed.id,
      affected_id: claimed.affected_id,
      provider_message_id: result.providerMessageId,
      message_id: result.messageId ?? null,
      subject: content.subject,
      content_hash: hash,
      delivered: result.delivered === true,
      detail: { attempt: attempt.attempt, response: result.response, providerMessageId: result.providerMessageId, sandboxed: result.sandboxed, contentHash: hash, worker: WORKER },
    });
    this.logger.log(
      `notice ${claimed.id} ${claimed.channel} to ${driver.maskAddress(claimed.to)} sent in ${Date.now() - started} ms (attempt ${attempt.attempt})`,
    );
    return { outcome: 'sent', providerMessageId: result.providerMessageId };
  }

  /** The sends of a channel with the provider or waiting for its ceiling: at most SEND_CONCURRENCY in this process. */
  private slotsOf(channel: string): Limit {
    let limit = this.slots.get(channel);
    if (!limit) this.slots.set(channel, (limit = pLimit(this.config.sendConcurrency)));
    return limit;
  }

  /** Claims every notice still open: `sending`, one more attempt. Answers each id's claimed row, or null. */
  private async claimAll(ids: string[]): Promise<(ClaimedNotice | null)[]> {
    const rows = await this.repository.claim(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async recordSent(records: SentRecord[]): Promise<void[]> {
    await this.repository.recordSent(records);
    return records.map(() => undefined);
  }

  /** Records a failed attempt; permanent failures and the last attempt end the notice as `failed`. */
  /** Returns true when the notice is now `failed` for good. */
  private async fail(notice: ClaimedNotice, attempt: AttemptInfo, message: string, error: ChannelError | null, permanent: boolean): Promise<boolean> {
    const final = permanent || attempt.last;
    await this.repository.recordFailure({
      noticeId: notice.id,
      error: message.slice(0, 1000),
      final,
      detail: { attempt: attempt.attempt, error: message, code: error?.code ?? null, response: error?.providerResponse ?? null, permanent, willRetry: !final, worker: WORKER },
    });
    this.logger.warn(
      `notice ${notice.id} ${notice.channel} to ${this.channels.maskAddress(notice.channel, notice.to)} attempt ${attempt.attempt} failed${final ? ' for good' : ', will retry'}: ${message}`,
    );
    return final;
  }

  /** Every email to this tenant for this version is dead: its next contacts are told now, not after ESCALATE_AFTER. */
  private async escalateIfUnreachable(notice: ClaimedNotice): Promise<void> {
    try {
      await this.escalation.escalateNowIfUnreachable(notice.affected_id);
    } catch (error) {
      // The regular escalation pass still catches this tenant later.
      this.logger.error(`escalating tenant ${notice.tenant_external_id} after notice ${notice.id} failed: ${(error as Error).message}`);
    }
  }

  private async context(notice: ClaimedNotice) {
    const key = `${notice.incident_id}:${notice.version}`;
    let cached = this.bodies.get(key);
    if (!cached) {
      const v = await this.repository.versionBody(notice.incident_id, notice.version);
      cached = { body: v.body as IncidentBody, changeSummary: v.change_summary };
      if (this.bodies.size > 100) this.bodies.clear();
      this.bodies.set(key, cached); // a version's body never changes once it is dispatched
    }
    const tenant = {
      name: notice.tenant_name,
      externalId: notice.tenant_external_id,
      timezone: notice.tenant_timezone,
      country: notice.tenant_country,
      regimes: notice.tenant_regimes,
      noticeDeadlineHours: notice.tenant_notice_deadline_hours,
    };
    return { ...cached, tenant, facts: notice.tenant_facts };
  }

  async render(notice: ClaimedNotice): Promise<RenderedContent> {
    const ctx = await this.context(notice);
    const token = await this.ackTokens.token(notice.incident_id, notice.version, notice.tenant_id);
    const view = this.composer.compose({
      version: { body: ctx.body, version: notice.version, changeSummary: ctx.changeSummary, kind: notice.kind },
      tenant: { ...ctx.tenant, facts: ctx.facts },
      contact: {
        name: notice.contact_name,
        role: notice.contact_role,
        locale: notice.locale,
        toldBefore: notice.contact_told_before === true,
        emailAlso: notice.email_also === true,
      },
      escalated: notice.escalated,
      ackUrl: this.ackTokens.url(token),
    });
    const stored = { body: ctx.body, facts: ctx.facts, acknowledgedAt: null, regimes: notice.tenant_regimes, country: notice.tenant_country };
    return this.composer.render(view, this.channels.get(notice.channel).render, stored);
  }

  /** What the driver needs of the notice; the thread lookup runs only for a driver that asks for it. */
  private outgoing(notice: ClaimedNotice): OutgoingNotice {
    return {
      id: notice.id,
      incidentId: notice.incident_id,
      version: notice.version,
      contactId: notice.contact_id,
      tenantId: notice.tenant_id,
      to: notice.to,
      earlierEmail: () => this.repository.earlierEmail(notice.incident_id, notice.contact_id, notice.id),
      // Both read with the claim: a webhook send needs no query of its own.
      signingSecret: () => this.webhookSecrets.open(notice.tenant_id, notice.webhook_secret),
      retiredAt: notice.webhook_retired_at,
    };
  }
}
