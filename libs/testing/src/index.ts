/** Test doubles and e2e helpers for breachcast (dev only; excluded from the build). */
export * from './wait';
export * from './smtp-sink';
export * from './dsn';
export * from './twilio-spec';
export * from './twilio-double';
export * from './infra';
export * from './notice-samples/sample-notice-view';
export { SAMPLE_TEXTS } from './notice-samples/texts';
export type { SampleTexts } from './notice-samples/texts';
export * from './csaf-validation';
export * from './sns-double';
export * from './webhook-receiver';
