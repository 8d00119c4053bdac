import { ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('fills every default of the contract from an empty environment', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/breachcast',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'breachcast',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      smtpUrl: null,
      emailFrom: 'breachcast <security@localhost>',
      bounceDomain: 'localhost',
      bounceSmtpPort: null,
      emailRatePerSec: 50,
      smsRatePerSec: 10,
      requireApproval: true,
      escalateAfterMs: 24 * 3600 * 1000,
      vendorLegalName: null,
      vendorAddress: null,
      vendorRegistration: null,
      noticeDeadlineDefaultMs: 24 * 3600 * 1000,
    });
  });

  it("states the vendor's legal identity as configured, trimmed", () => {
    const sut = loadConfig({
      VENDOR_NAME: 'Acme SMS',
      VENDOR_LEGAL_NAME: ' Acme SMS sp. z o.o. ',
      VENDOR_ADDRESS: 'ul. Prosta 1, 00-001 Warszawa, Poland',
      VENDOR_REGISTRATION: 'KRS 0000123456, NIP 5250000000',
    });
    expect(sut).toMatchObject({
      vendorName: 'Acme SMS',
      vendorLegalName: 'Acme SMS sp. z o.o.',
      vendorAddress: 'ul. Prosta 1, 00-001 Warszawa, Poland',
      vendorRegistration: 'KRS 0000123456, NIP 5250000000',
    });
    expect(loadConfig({ VENDOR_ADDRESS: '   ' }).vendorAddress).toBeNull();
  });

  it.each([
    ['1h', 3_600_000],
    ['72h', 259_200_000],
    ['30d', 2_592_000_000],
  ])('reads NOTICE_DEADLINE_DEFAULT=%s', (value, expected) => {
    expect(loadConfig({ NOTICE_DEADLINE_DEFAULT: value }).noticeDeadlineDefaultMs).toBe(expected);
  });

  it('derives the public base URL from PORT and the bounce domain from EMAIL_FROM', () => {
    const sut = loadConfig({ PORT: '8080', EMAIL_FROM: 'Acme SMS <dpo@acme.example>' });
    expect(sut.publicBaseUrl).toBe('http://localhost:8080');
    expect(sut.bounceDomain).toBe('acme.example');
    expect(sut.vendorName).toBe('Acme SMS');
  });

  it.each([
    ['ESCALATE_AFTER', '90s', 90_000],
    ['ESCALATE_AFTER', '15m', 900_000],
    ['ESCALATE_AFTER', '2d', 172_800_000],
  ])('parses %s=%s', (name, value, expected) => {
    expect(loadConfig({ [name]: value }).escalateAfterMs).toBe(expected);
  });

  it('locks a job to its worker for 30 s unless JOB_LOCK_TIMEOUT says otherwise', () => {
    expect(loadConfig({}).jobLockMs).toBe(30_000);
    expect(loadConfig({ JOB_LOCK_TIMEOUT: '2s' }).jobLockMs).toBe(2000);
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['REDIS_URL', 'not a url'],
    ['ESCALATE_AFTER', 'a day'],
    ['REQUIRE_APPROVAL', 'maybe'],
    ['EMAIL_RATE_PER_SEC', '-1'],
    ['SMTP_URL', 'http://mail'],
    ['BOUNCE_SMTP_PORT', '70000'],
    ['JOB_LOCK_TIMEOUT', '500ms'],
    ['METRICS_TOKEN', 'short'],
    ['SEND_QUEUE_WINDOW', '10'],
    ['NOTICE_DEADLINE_DEFAULT', '30m'],
    ['NOTICE_DEADLINE_DEFAULT', '721h'],
    ['NOTICE_DEADLINE_DEFAULT', '24'],
    ['VENDOR_NAME', 'Acme\nBcc: someone@example.com'],
    ['VENDOR_LEGAL_NAME', 'Acme\u0000SMS'],
    ['VENDOR_ADDRESS', 'ul. Prosta 1\n00-001 Warszawa'],
    ['VENDOR_REGISTRATION', 'KRS \u202E0000123456'],
    ['VENDOR_LEGAL_NAME', 'x'.repeat(301)],
    ['HOST', 'not a host!'],
    ['HOST', 'http://0.0.0.0'],
  ])('rejects a bad %s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });

  it('never prints the value of a secret in its message', () => {
    const secret = 'ACdeadbeefdeadbeefdeadbeefdeadbee';
    try {
      loadConfig({ TWILIO_ACCOUNT_SID: secret, TWILIO_AUTH_TOKEN: 'hunter2-token' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('TWILIO_ACCOUNT_SID');
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).not.toContain('hunter2-token');
    }
  });

  it('requires a sender when Twilio credentials are set', () => {
    const sid = 'AC' + 'a'.repeat(32);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 't' })).toThrow(/TWILIO_FROM/);
    expect(loadConfig({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+15005550006' }).twilio.from).toBe('+15005550006');
  });

  it('listens where HOST says: an address or a host name, every interface when unset', () => {
    expect(loadConfig({}).host).toBeNull();
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(loadConfig({ HOST: 'api.internal' }).host).toBe('api.internal');
  });

  it.each([
    ['ADMIN_API_KEY', 'change-me-to-a-long-random-key'],
    ['ADMIN_API_KEY', 'REPLACE_ME_WITH_A_REAL_KEY'],
    ['METRICS_TOKEN', 'changeme-changeme-changeme'],
    ['ACK_SECRET', 'placeholder-placeholder-placeholder-placeholder'],
  ])('refuses to start with a placeholder %s from an example, saying how to make a real one', (name, value) => {
    const message = (() => {
      try {
        loadConfig({ [name]: value });
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain(`${name}: is a placeholder`);
    expect(message).toContain('openssl rand');
    expect(message).not.toContain(value);
  });
});
