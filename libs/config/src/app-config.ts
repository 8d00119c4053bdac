import { isIP } from 'node:net';
import { parseDuration } from './duration';
import { loadEmailEvents } from './email-events-config';

/** The validated, typed configuration. Secrets are kept here and never printed. */
export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  /** The address the API listens on (HOST); null = every interface, IPv4 and IPv6. */
  host: string | null;
  publicBaseUrl: string;
  smtpUrl: string | null;
  emailFrom: string;
  vendorName: string;
  /** The vendor's legal identity, stated in every email when set (VENDOR_LEGAL_NAME, VENDOR_ADDRESS, VENDOR_REGISTRATION). */
  vendorLegalName: string | null;
  vendorAddress: string | null;
  vendorRegistration: string | null;
  /** The notice deadline of a tenant without its own: from awareAt to its first notice being sent. */
  noticeDeadlineDefaultMs: number;
  bounceDomain: string;
  bounceSmtpPort: number | null;
  twilio: {
    accountSid: string | null;
    authToken: string | null;
    from: string | null;
    messagingServiceSid: string | null;
    apiBaseUrl: string | null;
  };
  emailRatePerSec: number;
  smsRatePerSec: number;
  webhook: {
    /** Sends per second across every worker (WEBHOOK_RATE_PER_SEC; 0: no ceiling). */
    ratePerSec: number;
    /** Events are captured locally instead of being posted (WEBHOOK_SANDBOX). */
    sandbox: boolean;
    /** Lifts the https-only rule and the private-address checks (WEBHOOK_ALLOW_INSECURE): tests and local demos only. */
    allowInsecure: boolean;
    /** Deadline of one POST, connection to last byte read (WEBHOOK_TIMEOUT). */
    timeoutMs: number;
  };
  adminApiKey: string | null;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | null;
  requireApproval: boolean;
  escalateAfterMs: number;
  /** How often the maintenance job sweeps for lost work and due escalations; also how old work must be to count as lost. */
  sweepIntervalMs: number;
  /** How long a job stays locked to its worker without a renewal; a dead worker's jobs run again after it. */
  jobLockMs: number;
  sendAttempts: number;
  /** Sends one worker process runs at once per channel. */
  sendConcurrency: number;
  /** Most send jobs Redis holds per channel; further queued notices wait in PostgreSQL and are added as the queue drains. */
  sendQueueWindow: number;
  sendBackoffMs: number;
  ackSecret: string | null;
  logLevel: string;
  /** Delivery events from email services; an endpoint whose secret is not set answers 404. */
  emailEvents: EmailEventsConfig;
  /** A worker touches this file every few seconds while it runs (a container healthcheck reads its age); null = off. */
  workerHeartbeatFile: string | null;
  /** A worker lowers its scheduling priority to this nice value (0–19) at start, so an API on the same host answers first. */
  workerNice: number;
}

/** The secrets that authenticate the email services' delivery events (see docs/email-providers.md). */
export interface EmailEventsConfig {
  /** SendGrid's Signed Event Webhook verification key (base64 DER of an ECDSA P-256 public key). */
  sendgridPublicKey: string | null;
  /** Mailgun's HTTP webhook signing key. */
  mailgunSigningKey: string | null;
  /** HTTP Basic credentials Postmark's webhooks send (both or neither). */
  postmarkUser: string | null;
  postmarkPassword: string | null;
  /** The SNS topics (ARNs) whose SES events are taken; empty: the SES endpoint is off. */
  sesTopicArns: string[];
  /** Hosts (`host` or `host:port`) besides `sns.<region>.amazonaws.com` that SNS signing certificates may come from. */
  sesCertHosts: string[];
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const HOUR_MS = 3_600_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * A secret copied from an example (docker-compose.yml ships `change-me-…`): it would be a key anyone
 * who read the example could use, so the process refuses to start with it.
 */
export const isPlaceholderSecret = (value: string): boolean => /change[-_ ]?me|replace[-_ ]?me|placeholder|your[-_ ]?(admin[-_ ]?)?(key|token|secret)|^x+$/i.test(value);
const PLACEHOLDER_PROBLEM = 'is a placeholder from an example, which anyone could use: set a long random value, e.g. the output of `openssl rand -base64 32`';

/**
 * Reads and validates the environment once. Each problem names the variable and what is wrong,
 * never the value (a value may be a secret).
 */
export function loadConfig(env: Env): AppConfig {
  const problems: { variable: string; problem: string }[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const url = (name: string, fallback: string | null, protocols: string[]): string | null => {
    const value = get(name) ?? fallback;
    if (value === null) return null;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        problems.push({ variable: name, problem: `must be a URL with scheme ${protocols.join(' or ')}` });
      }
    } catch {
      problems.push({ variable: name, problem: 'must be a valid URL' });
    }
    return value.replace(/\/+$/, '');
  };
  const int = (name: string, fallback: number | null, min: number, max: number): number | null => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push({ variable: name, problem: `must be a whole number from ${min} to ${max}` });
      return fallback;
    }
    return Number(value);
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const value = get(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    problems.push({ variable: name, problem: 'must be true or false' });
    return fallback;
  };

  const port = int('PORT', 3000, 1, 65535) ?? 3000;
  const emailFrom = get('EMAIL_FROM') ?? 'breachcast <security@localhost>';
  const fromAddress = /<([^>]+)>/.exec(emailFrom)?.[1] ?? emailFrom;
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(fromAddress)) {
    problems.push({ variable: 'EMAIL_FROM', problem: 'must be an address, optionally with a display name: Name <user@host>' });
  }
  const displayName = /^\s*"?([^"<]+?)"?\s*</.exec(emailFrom)?.[1];
  const bounceDomain = get('BOUNCE_DOMAIN') ?? fromAddress.split('@')[1] ?? 'localhost';
  if (!/^[A-Za-z0-9.-]+$/.test(bounceDomain)) problems.push({ variable: 'BOUNCE_DOMAIN', problem: 'must be a host name' });

  /** A name or address printed in every email: one line, no control characters, at most 300 characters. */
  const line = (name: string): string | null => {
    const value = get(name);
    if (value === undefined) return null;
    if (/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(value) || value.length > 300) {
      problems.push({ variable: name, problem: 'must be one line of at most 300 characters, without control characters' });
    }
    return value;
  };
  const vendorName = line('VENDOR_NAME') ?? displayName ?? 'breachcast';
  const vendorLegalName = line('VENDOR_LEGAL_NAME');
  const vendorAddress = line('VENDOR_ADDRESS');
  const vendorRegistration = line('VENDOR_REGISTRATION');
  const noticeDeadlineMs = parseDuration(get('NOTICE_DEADLINE_DEFAULT') ?? '24h');
  if (noticeDeadlineMs === null || noticeDeadlineMs < HOUR_MS || noticeDeadlineMs > 720 * HOUR_MS) {
    problems.push({ variable: 'NOTICE_DEADLINE_DEFAULT', problem: 'must be a duration from 1h to 720h, such as 24h or 3d' });
  }

  const escalateRaw = get('ESCALATE_AFTER') ?? '24h';
  const escalateAfterMs = parseDuration(escalateRaw);
  if (escalateAfterMs === null) {
    problems.push({ variable: 'ESCALATE_AFTER', problem: 'must be a duration such as 90s, 15m, 24h or 2d' });
  }

  const sweepIntervalMs = parseDuration(get('SWEEP_INTERVAL') ?? '30s');
  if (sweepIntervalMs === null) problems.push({ variable: 'SWEEP_INTERVAL', problem: 'must be a duration such as 500ms, 30s or 5m' });
  const jobLockMs = parseDuration(get('JOB_LOCK_TIMEOUT') ?? '30s');
  if (jobLockMs === null || jobLockMs < 1000) problems.push({ variable: 'JOB_LOCK_TIMEOUT', problem: 'must be a duration of at least 1s, such as 30s' });

  const accountSid = get('TWILIO_ACCOUNT_SID') ?? null;
  const authToken = get('TWILIO_AUTH_TOKEN') ?? null;
  const twilioFrom = get('TWILIO_FROM') ?? null;
  const messagingServiceSid = get('TWILIO_MESSAGING_SERVICE_SID') ?? null;
  if ((accountSid === null) !== (authToken === null)) {
    problems.push({ variable: accountSid ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID', problem: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together' });
  }
  if (accountSid && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    problems.push({ variable: 'TWILIO_ACCOUNT_SID', problem: 'must look like AC followed by 32 hex digits' });
  }
  if (accountSid && !twilioFrom && !messagingServiceSid) {
    problems.push({ variable: 'TWILIO_FROM', problem: 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required with Twilio credentials' });
  }
  if (twilioFrom && !/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/.test(twilioFrom)) {
    problems.push({ variable: 'TWILIO_FROM', problem: 'must be an E.164 number or an alphanumeric sender ID' });
  }
  if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
    problems.push({ variable: 'TWILIO_MESSAGING_SERVICE_SID', problem: 'must look like MG followed by 32 hex digits' });
  }

  const secret = (name: string, minLength: number): string | null => {
    const value = get(name) ?? null;
    if (value !== null && isPlaceholderSecret(value)) problems.push({ variable: name, problem: PLACEHOLDER_PROBLEM });
    else if (value !== null && value.length < minLength) problems.push({ variable: name, problem: `must be at least ${minLength} characters` });
    return value;
  };
  const adminApiKey = secret('ADMIN_API_KEY', 16);
  const metricsToken = secret('METRICS_TOKEN', 16);
  const ackSecret = secret('ACK_SECRET', 32);
  const host = get('HOST') ?? null;
  if (host !== null && isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(host)) {
    problems.push({ variable: 'HOST', problem: 'must be an IP address (0.0.0.0, 127.0.0.1, ::) or a host name' });
  }
  const emailEvents = loadEmailEvents(get, problems);
  const webhookTimeoutMs = parseDuration(get('WEBHOOK_TIMEOUT') ?? '10s');
  if (webhookTimeoutMs === null || webhookTimeoutMs < 100 || webhookTimeoutMs > 60_000) {
    problems.push({ variable: 'WEBHOOK_TIMEOUT', problem: 'must be a duration from 100ms to 60s, such as 10s' });
  }
  const logLevel = get('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push({ variable: 'LOG_LEVEL', problem: `must be one of ${LOG_LEVELS.join(', ')}` });

  const config: AppConfig = {
    databaseUrl: url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/breachcast', ['postgres', 'postgresql'])!,
    redisUrl: url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis', 'rediss'])!,
    queuePrefix: get('QUEUE_PREFIX') ?? 'breachcast',
    port,
    host,
    publicBaseUrl: url('PUBLIC_BASE_URL', `http://localhost:${port}`, ['http', 'https'])!,
    smtpUrl: url('SMTP_URL', null, ['smtp', 'smtps']),
    emailFrom,
    vendorName,
    vendorLegalName,
    vendorAddress,
    vendorRegistration,
    noticeDeadlineDefaultMs: noticeDeadlineMs !== null && noticeDeadlineMs >= HOUR_MS && noticeDeadlineMs <= 720 * HOUR_MS ? noticeDeadlineMs : 24 * HOUR_MS,
    bounceDomain,
    bounceSmtpPort: int('BOUNCE_SMTP_PORT', null, 1, 65535),
    twilio: { accountSid, authToken, from: twilioFrom, messagingServiceSid, apiBaseUrl: url('TWILIO_API_BASE_URL', null, ['http', 'https']) },
    emailRatePerSec: int('EMAIL_RATE_PER_SEC', 50, 0, 100_000) ?? 50,
    smsRatePerSec: int('SMS_RATE_PER_SEC', 10, 0, 100_000) ?? 10,
    webhook: {
      ratePerSec: int('WEBHOOK_RATE_PER_SEC', 50, 0, 100_000) ?? 50,
      sandbox: bool('WEBHOOK_SANDBOX', true),
      allowInsecure: bool('WEBHOOK_ALLOW_INSECURE', false),
      timeoutMs: webhookTimeoutMs !== null && webhookTimeoutMs >= 100 && webhookTimeoutMs <= 60_000 ? webhookTimeoutMs : 10_000,
    },
    adminApiKey,
    metricsToken,
    requireApproval: bool('REQUIRE_APPROVAL', true),
    escalateAfterMs: escalateAfterMs ?? 86_400_000,
    sweepIntervalMs: sweepIntervalMs ?? 30_000,
    jobLockMs: jobLockMs ?? 30_000,
    sendAttempts: int('SEND_ATTEMPTS', 8, 1, 100) ?? 8,
    sendConcurrency: int('SEND_CONCURRENCY', 32, 1, 200) ?? 32,
    sendQueueWindow: int('SEND_QUEUE_WINDOW', 20_000, 100, 10_000_000) ?? 20_000,
    sendBackoffMs: int('SEND_BACKOFF_MS', 15_000, 1, 3_600_000) ?? 15_000,
    ackSecret,
    logLevel,
    emailEvents,
    workerHeartbeatFile: get('WORKER_HEARTBEAT_FILE') ?? null,
    workerNice: int('WORKER_NICE', 0, 0, 19) ?? 0,
  };
  if (!/^[A-Za-z0-9_{}:.-]+$/.test(config.queuePrefix)) {
    problems.push({ variable: 'QUEUE_PREFIX', problem: 'may hold letters, digits and _ { } : . - only' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** True when that channel only captures messages locally. */
export const isEmailSandbox = (config: AppConfig): boolean => config.smtpUrl === null;
export const isSmsSandbox = (config: AppConfig): boolean => config.twilio.accountSid === null;
export const isWebhookSandbox = (config: AppConfig): boolean => config.webhook.sandbox;

/** What the api and the worker log at start while WEBHOOK_ALLOW_INSECURE is on; null when it is off. */
export function insecureWebhookWarning(config: AppConfig): string | null {
  return config.webhook.allowInsecure
    ? 'WEBHOOK_ALLOW_INSECURE=true: webhook URLs may be plain http and may point at loopback, private and link-local addresses. For tests and local demos only.'
    : null;
}
