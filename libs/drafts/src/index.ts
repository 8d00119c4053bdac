export { SubjectNoticeRenderer, subjectNoticeModel } from './subject-notice';
export type { SubjectNotice, SubjectNoticeModel } from './subject-notice';
export { adviceFor, subjectNoticeWords, SUBJECT_NOTICE_WORDS, HELP_LINE_IDS } from './subject-advice';
export type { CategoryAdvice, HelpLineId, SubjectNoticeWords } from './subject-advice';
export { helpFor, HELP_LINES, AUTHORITY_PAGES } from './help-lines';
export type { HelpLine, HelpRow } from './help-lines';
