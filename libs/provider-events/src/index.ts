export * from './email-event';
export * from './email-events.service';
export * from './mailgun';
export * from './postmark';
export * from './provider-events.module';
export * from './sendgrid';
export * from './ses';
export * from './sns';
