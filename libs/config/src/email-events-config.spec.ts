import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems.map((p) => p.variable);
  }
};

describe('email service webhook settings', () => {
  it('leaves every endpoint off by default', () => {
    expect(loadConfig({}).emailEvents).toEqual({ sendgridPublicKey: null, mailgunSigningKey: null, postmarkUser: null, postmarkPassword: null, sesTopicArns: [], sesCertHosts: [] });
  });

  it('takes a P-256 verification key, the secrets, topic ARNs and certificate hosts', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const sut = loadConfig({
      SENDGRID_WEBHOOK_PUBLIC_KEY: key,
      MAILGUN_WEBHOOK_SIGNING_KEY: 'key-0123456789abcdef',
      POSTMARK_WEBHOOK_USER: 'hooks',
      POSTMARK_WEBHOOK_PASSWORD: '0123456789abcdef',
      SES_SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:ses-events, arn:aws:sns:us-east-1:123456789012:other',
      SES_SNS_CERT_HOSTS: 'Certs.Example, 127.0.0.1:4000',
    }).emailEvents;
    expect(sut).toEqual({
      sendgridPublicKey: key,
      mailgunSigningKey: 'key-0123456789abcdef',
      postmarkUser: 'hooks',
      postmarkPassword: '0123456789abcdef',
      sesTopicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-events', 'arn:aws:sns:us-east-1:123456789012:other'],
      sesCertHosts: ['certs.example', '127.0.0.1:4000'],
    });
  });

  it('names each bad variable', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(problemsOf({ SENDGRID_WEBHOOK_PUBLIC_KEY: 'not a key' })).toEqual(['SENDGRID_WEBHOOK_PUBLIC_KEY']);
    expect(problemsOf({ SENDGRID_WEBHOOK_PUBLIC_KEY: rsa })).toEqual(['SENDGRID_WEBHOOK_PUBLIC_KEY']);
    expect(problemsOf({ MAILGUN_WEBHOOK_SIGNING_KEY: 'short' })).toEqual(['MAILGUN_WEBHOOK_SIGNING_KEY']);
    expect(problemsOf({ POSTMARK_WEBHOOK_USER: 'hooks' })).toEqual(['POSTMARK_WEBHOOK_PASSWORD']);
    expect(problemsOf({ SES_SNS_TOPIC_ARNS: 'ses-events' })).toEqual(['SES_SNS_TOPIC_ARNS']);
    expect(problemsOf({ SES_SNS_CERT_HOSTS: 'https://certs.example/' })).toEqual(['SES_SNS_CERT_HOSTS']);
  });
});
