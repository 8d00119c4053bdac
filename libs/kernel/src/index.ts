export * from './channel';
export * from './errors';
export * from './mask';
export * from './validation';
export * from './validators';
export * from './vocabulary';
export * from './sms-segments';
