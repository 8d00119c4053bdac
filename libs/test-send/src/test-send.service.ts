import { WebhookSecretsService } from '@app/ack';
import { AuditService } from '@app/audit';
import { ChannelError, ChannelRegistry } from '@app/channels';
import { uuid7 } from '@app/database';
import { CHANNELS, DomainError, FieldProblem, InvalidInputError, isChannel, isLocale, LOCALES } from '@app/kernel';
import { PreviewService, TestRender } from '@app/notices';
import { Injectable, Logger } from '@nestjs/common';
import { markAsTest } from './test-marks';

/** What the operator typed: which tenant's notice, on which channel, in which language (else the contact's), to whom. */
export interface TestSendInput {
  tenant?: unknown;
  channel?: unknown;
  locale?: unknown;
  to?: unknown;
}

/** Who sent it, as the audit names them. */
export interface TestSendActor {
  id: string;
}

export interface TestSendResult {
  test: true;
  /** The test message's own id (its Message-ID for email); no notice has it. */
  id: string;
  incidentId: string;
  version: number;
  kind: TestRender['kind'];
  tenant: Omit<TestRender['tenant'], 'id'>;
  channel: TestRender['channel'];
  locale: TestRender['locale'];
  to: string;
  subject: string | null;
  text: string;
  providerMessageId: string;
  sandboxed: boolean;
  sentAt: string;
}

/** The provider did not take the test message; `permanent` when trying again will not help (a refused address). */
export class TestSendFailed extends DomainError {
  override name = 'TestSendFailed';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const INVALID = 'The test send is invalid';

/**
 * A test send from the preview: one notice of the current version, rendered for any registered tenant in
 * any language, handed to the channel's driver (the sandbox captures it when sandboxed) for the address the
 * operator typed. Marked as a test in the subject, the text and a header, with the redacted ack link; no
 * notice row, so it is in no progress, export or delivery metric. The audit records it (`notice.test_sent`).
 */
@Injectable()
export class TestSendService {
  private readonly logger = new Logger('TestSend');

  constructor(
    private readonly previews: PreviewService,
    private readonly channels: ChannelRegistry,
    private readonly audit: AuditService,
    private readonly webhookSecrets: WebhookSecretsService,
  ) {}

  async send(incidentId: string, input: TestSendInput, actor: TestSendActor): Promise<TestSendResult> {
    const { tenant, channel, locale, to } = this.check(input);
    const rendered = await this.previews.renderTest(incidentId, tenant, channel, locale);
    const driver = this.channels.get(channel);
    const marked = markAsTest(rendered, driver.render.format);
    const id = uuid7();
    let result;
    try {
      const tenantId = rendered.tenant.id;
      const notice = { id, incidentId, version: rendered.version, tenantId, contactId: id, to, test: true, earlierEmail: async () => null, signingSecret: () => this.webhookSecrets.secretOf(tenantId), retiredAt: null };
      result = await driver.send(notice, marked);
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      this.logger.warn(`test send of incident ${incidentId} (${channel}) to ${driver.maskAddress(to)} failed: ${error.message}`);
      throw new TestSendFailed(`The ${driver.label} provider did not take the test message: ${error.message}`, error.permanent);
    }
    await this.audit.record({
      actor: actor.id,
      action: 'notice.test_sent',
      subject: `incident:${incidentId}`,
      details: { version: rendered.version, tenant, channel, locale: rendered.locale, to: driver.maskAddress(to), testId: id, sandboxed: result.sandboxed },
    });
    this.logger.log(`test send of incident ${incidentId} v${rendered.version} for ${tenant} (${channel}, ${rendered.locale}) to ${driver.maskAddress(to)}`);
    return {
      test: true,
      id,
      incidentId,
      version: rendered.version,
      kind: rendered.kind,
      tenant: { externalId: rendered.tenant.externalId, name: rendered.tenant.name, affected: rendered.tenant.affected },
      channel,
      locale: rendered.locale,
      to,
      subject: marked.subject ?? null,
      text: marked.text,
      providerMessageId: result.providerMessageId,
      sandboxed: result.sandboxed,
      sentAt: new Date().toISOString(),
    };
  }

  /** Every bad field at once, each by name; `to` is checked by the channel's own address rule. */
  private check(input: TestSendInput): { tenant: string; channel: TestRender['channel']; locale?: TestRender['locale']; to: string } {
    const problems: FieldProblem[] = [];
    const { tenant, channel, locale, to } = input;
    if (typeof tenant !== 'string' || tenant.trim() === '' || tenant.length > 200) problems.push({ field: 'tenant', message: 'tenant must be the externalId of a registered tenant' });
    if (!isChannel(channel)) problems.push({ field: 'channel', message: `channel must be one of ${CHANNELS.join(', ')}` });
    if (locale !== undefined && locale !== null && locale !== '' && !isLocale(locale)) problems.push({ field: 'locale', message: `locale must be one of ${LOCALES.join(', ')}` });
    if (typeof to !== 'string' || to.trim() === '') problems.push({ field: 'to', message: 'to is required: the address or number to send the test to' });
    else if (isChannel(channel) && !this.channels.get(channel).isAddress(to.trim())) problems.push({ field: 'to', message: `to must be a valid ${addressWords(this.channels.get(channel).addressField)} for ${channel}` });
    if (problems.length > 0) throw new InvalidInputError(INVALID, problems);
    return { tenant: (tenant as string).trim(), channel: channel as TestRender['channel'], locale: isLocale(locale) ? locale : undefined, to: (to as string).trim() };
  }
}

const addressWords = (field: string): string => (field === 'email' ? 'email address' : field === 'phone' ? 'phone number in E.164 form, e.g. +48612345678' : field);
