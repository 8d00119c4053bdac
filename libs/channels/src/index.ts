export * from './channel.types';
export * from './channels.module';
export { maskAddress, maskEmail, maskPhone } from '@app/kernel';
export * from './sandbox-message.repository';
export * from './sandbox.drivers';
export * from './smtp-email.driver';
export * from './twilio-sms.driver';
