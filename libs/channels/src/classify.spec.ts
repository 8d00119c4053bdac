import { classifySmtpError } from './smtp-email.driver';
import { classifyTwilioError } from './twilio-sms.driver';
import { maskEmail, maskPhone } from '@app/kernel';

describe('channel error classification', () => {
  it.each([
    [{ responseCode: 451, response: '451 4.7.1 try later' }, false],
    [{ responseCode: 421, response: '421 busy' }, false],
    [{ responseCode: 550, response: '550 5.1.1 no such user' }, true],
    [{ responseCode: 503, response: '503 bad sequence' }, false],
    [{ code: 'ECONNREFUSED' }, false],
    [{ code: 'ETIMEDOUT' }, false],
  ])('SMTP %o → permanent %s', (fields, permanent) => {
    const sut = classifySmtpError(Object.assign(new Error('x'), fields));
    expect(sut.permanent).toBe(permanent);
  });

  it('keeps the SMTP server reply as the provider response', () => {
    expect(classifySmtpError(Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 no such user' })).providerResponse).toBe(
      '550 5.1.1 no such user',
    );
  });

  it.each([
    [{ status: 429, code: 20429 }, false],
    [{ status: 500 }, false],
    [{ status: 503 }, false],
    [{ status: 400, code: 21211 }, true],
    [{ status: 400, code: 21614 }, true],
    [{ status: 400, code: 21610 }, true],
    [{ status: 401, code: 20003 }, true],
    [{ code: 'ECONNRESET' }, false],
  ])('Twilio %o → permanent %s', (fields, permanent) => {
    expect(classifyTwilioError(Object.assign(new Error('x'), fields)).permanent).toBe(permanent);
  });
});

describe('masking', () => {
  it('hides all but the country code and the last two digits of a phone number', () => {
    expect(maskPhone('+48501234001')).toBe('+48*******01');
    expect(maskPhone('+48501234001')).not.toContain('501234');
  });
  it('hides the local part of an email address', () => {
    expect(maskEmail('iod@city-north.example')).toBe('i**@city-north.example');
  });
});
