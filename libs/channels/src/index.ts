export * from './channel.types';
export * from './channel-registry';
export * from './channels.module';
export * from './email.channel';
export { maskEmail, maskPhone } from '@app/kernel';
export * from './sandbox.drivers';
export * from './smtp-email.driver';
export * from './sms.channel';
export * from './twilio-sms.driver';
