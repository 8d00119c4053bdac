/** `+48501234001` → `+48*******01`: enough to tell numbers apart in a log, not to dial one. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length <= 5) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 5) + digits.slice(-2);
}

/** `iod@city-north.example` → `i**@city-north.example`. */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return '';
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}${'*'.repeat(Math.max(2, at - 1))}${email.slice(at)}`;
}

export function maskAddress(channel: 'email' | 'sms', to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}
