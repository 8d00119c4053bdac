// Control characters, including CR/LF, NEL and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const ANY_BREAK_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/** One line of text: every line break or control character becomes one space. */
export function singleLine(value: string): string {
  return String(value).replace(ANY_BREAK_OR_CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Free text: line breaks normalized to \n, other control characters dropped. */
export function multiLine(value: string): string {
  return String(value)
    .replace(/\r\n?|\u0085|\u2028|\u2029/g, '\n')
    .replace(CONTROL_EXCEPT_NEWLINE_TAB, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
