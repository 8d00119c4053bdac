/**
 * SMS segment counting. GSM 03.38 default alphabet (7-bit): 160 septets in one message, 153 per
 * part of a concatenated message; characters of the extension table take two septets and are never
 * split across parts. Anything outside the alphabet makes the whole message UCS-2: 70 UTF-16 code
 * units in one message, 67 per part, and a surrogate pair (emoji) is never split across parts.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  segments: number;
}

const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
const GSM7_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

/** Septets one character takes in GSM-7, or null when it is outside the GSM-7 alphabet. */
export function gsm7Septets(char: string): 1 | 2 | null {
  if (GSM7_BASIC.has(char)) return 1;
  if (GSM7_EXTENSION.has(char)) return 2;
  return null;
}

export function isGsm7(text: string): boolean {
  for (const char of text) if (gsm7Septets(char) === null) return false;
  return true;
}

/** Packs units into parts of `perPart` without splitting one unit; returns the number of parts. */
function pack(unitSizes: number[], single: number, perPart: number): number {
  const total = unitSizes.reduce((sum, size) => sum + size, 0);
  if (total <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const size of unitSizes) {
    if (used + size > perPart) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/** Encoding and number of segments an SMS with this text needs. An empty text still costs one segment. */
export function countSmsSegments(text: string): SmsSegmentCount {
  const chars = Array.from(text);
  if (chars.every((char) => gsm7Septets(char) !== null)) {
    return { encoding: 'GSM-7', segments: pack(chars.map((char) => gsm7Septets(char) as number), 160, 153) };
  }
  return { encoding: 'UCS-2', segments: pack(chars.map((char) => char.length), 70, 67) };
}
