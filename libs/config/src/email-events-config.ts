import { createPublicKey } from 'node:crypto';
import type { EmailEventsConfig } from './app-config';

type Problems = { variable: string; problem: string }[];

const TOPIC_ARN = /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const HOST = /^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/;

/** A comma-separated list, trimmed, without empty entries. */
const list = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');

/** Whether a value is SendGrid's verification key: an ECDSA P-256 public key, base64 DER (or PEM). */
function isP256PublicKey(value: string): boolean {
  try {
    const key = value.includes('-----BEGIN')
      ? createPublicKey(value)
      : createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/** Reads the email services' webhook secrets; each problem names its variable, never its value. */
export function loadEmailEvents(get: (name: string) => string | undefined, problems: Problems): EmailEventsConfig {
  const sendgridPublicKey = get('SENDGRID_WEBHOOK_PUBLIC_KEY') ?? null;
  if (sendgridPublicKey !== null && !isP256PublicKey(sendgridPublicKey)) {
    problems.push({ variable: 'SENDGRID_WEBHOOK_PUBLIC_KEY', problem: "must be SendGrid's verification key: an ECDSA P-256 public key in base64" });
  }
  const mailgunSigningKey = get('MAILGUN_WEBHOOK_SIGNING_KEY') ?? null;
  if (mailgunSigningKey !== null && mailgunSigningKey.length < 16) {
    problems.push({ variable: 'MAILGUN_WEBHOOK_SIGNING_KEY', problem: 'must be at least 16 characters' });
  }
  const postmarkUser = get('POSTMARK_WEBHOOK_USER') ?? null;
  const postmarkPassword = get('POSTMARK_WEBHOOK_PASSWORD') ?? null;
  if ((postmarkUser === null) !== (postmarkPassword === null)) {
    problems.push({ variable: postmarkUser ? 'POSTMARK_WEBHOOK_PASSWORD' : 'POSTMARK_WEBHOOK_USER', problem: 'POSTMARK_WEBHOOK_USER and POSTMARK_WEBHOOK_PASSWORD go together' });
  }
  if (postmarkUser !== null && postmarkUser.includes(':')) {
    problems.push({ variable: 'POSTMARK_WEBHOOK_USER', problem: 'must not contain a colon (HTTP Basic)' });
  }
  if (postmarkPassword !== null && postmarkPassword.length < 16) {
    problems.push({ variable: 'POSTMARK_WEBHOOK_PASSWORD', problem: 'must be at least 16 characters' });
  }
  const sesTopicArns = list(get('SES_SNS_TOPIC_ARNS'));
  if (sesTopicArns.some((arn) => !TOPIC_ARN.test(arn))) {
    problems.push({ variable: 'SES_SNS_TOPIC_ARNS', problem: 'must be SNS topic ARNs (arn:aws:sns:<region>:<account>:<topic>), separated by commas' });
  }
  const sesCertHosts = list(get('SES_SNS_CERT_HOSTS')).map((h) => h.toLowerCase());
  if (sesCertHosts.some((host) => !HOST.test(host))) {
    problems.push({ variable: 'SES_SNS_CERT_HOSTS', problem: 'must be host names, each optionally with :port, separated by commas' });
  }
  return { sendgridPublicKey, mailgunSigningKey, postmarkUser, postmarkPassword, sesTopicArns, sesCertHosts };
}
