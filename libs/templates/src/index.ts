export { CHANNELS, DATA_CATEGORIES, isLocale, LOCALES, NATURES } from '@app/kernel';
export type { Channel, DataCategory, Locale, Nature, RenderTarget } from '@app/kernel';
export * from './notice-view';
export { NoticeRenderer, MAX_SMS_SEGMENTS } from './notice-renderer';
export type { RenderedContent } from './notice-renderer';
export { TemplatesModule } from './templates.module';
export { TemplateRenderError } from './template-render-error';
export { countSmsSegments, isGsm7, gsm7Septets } from './sms-segments';
export type { SmsEncoding, SmsSegmentCount } from './sms-segments';
export {
  formatters,
  formatDateTime,
  formatDate,
  formatNumber,
  formatPhone,
  formatList,
  dataCategoryLabel,
  natureLabel,
  phaseLabel,
  formatZoneName,
  labelsFor,
} from './formatters';
export type { PhaseInput } from './formatters';
export { LABELS } from './labels';
export type { LocaleLabels, PendingField } from './labels';
export { sampleNoticeView, sampleUpdateView, sampleWithdrawalView, SAMPLE_TENANTS, SAMPLE_TIME_ZONES, SAMPLE_VENDOR } from './sample-notice-view';
export type { SampleTenant } from './sample-notice-view';
export { SAMPLE_TEXTS } from './samples';
export type { SampleTexts } from './samples';
export { SubjectNoticeRenderer, subjectNoticeModel } from './subject-notice';
export type { SubjectNotice, SubjectNoticeModel } from './subject-notice';
export { adviceFor, subjectNoticeWords, SUBJECT_NOTICE_WORDS, HELP_LINE_IDS } from './subject-advice';
export type { CategoryAdvice, HelpLineId, SubjectNoticeWords } from './subject-advice';
export { helpFor, HELP_LINES, AUTHORITY_PAGES } from './help-lines';
export type { HelpLine, HelpRow } from './help-lines';
