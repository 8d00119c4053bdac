import { countSmsSegments } from './sms-segments';

describe(countSmsSegments.name, () => {
  it.each([
    ['160 GSM-7 characters', 'a'.repeat(160), 'GSM-7', 1],
    ['161 GSM-7 characters', 'a'.repeat(161), 'GSM-7', 2],
    ['306 GSM-7 characters', 'a'.repeat(306), 'GSM-7', 2],
    ['307 GSM-7 characters', 'a'.repeat(307), 'GSM-7', 3],
    ['GSM-7 accented letters of the basic table', 'é'.repeat(80) + 'ÄÖÜäöüßàèìòùÑñ', 'GSM-7', 1],
    ['80 extension characters (2 septets each)', '€'.repeat(80), 'GSM-7', 1],
    ['81 extension characters', '€'.repeat(81), 'GSM-7', 2],
    ['159 characters plus one extension character', 'a'.repeat(159) + '[', 'GSM-7', 2],
    ['an extension character is never split across parts', 'a'.repeat(152) + '€' + 'a'.repeat(152), 'GSM-7', 3],
    ['70 UCS-2 characters', 'ą'.repeat(70), 'UCS-2', 1],
    ['71 UCS-2 characters', 'ą'.repeat(71), 'UCS-2', 2],
    ['134 UCS-2 characters', 'ś'.repeat(134), 'UCS-2', 2],
    ['135 UCS-2 characters', 'ś'.repeat(135), 'UCS-2', 3],
    ['one Polish letter turns a short GSM text into UCS-2', 'Zawiadomienie ' + 'ł', 'UCS-2', 1],
    ['one em dash turns 100 characters into 2 UCS-2 segments', 'a'.repeat(99) + '—', 'UCS-2', 2],
    ['lower-case ç is not in the GSM-7 table', 'ç', 'UCS-2', 1],
    ['35 emoji are 70 UTF-16 units', '😀'.repeat(35), 'UCS-2', 1],
    ['36 emoji', '😀'.repeat(36), 'UCS-2', 2],
    ['an emoji is never split across parts', 'ą'.repeat(66) + '😀' + 'ą'.repeat(66), 'UCS-2', 3],
    ['the empty text', '', 'GSM-7', 1],
  ])('%s', (_name, text, encoding, segments) => {
    expect(countSmsSegments(text)).toEqual({ encoding, segments });
  });
});
