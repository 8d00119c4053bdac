export * from './channel.types';
export * from './channels.module';
export * from './mask';
export * from './sandbox.drivers';
export * from './smtp-email.driver';
export * from './twilio-sms.driver';
