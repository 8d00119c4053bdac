export * from './escalation.module';
export * from './escalation.repository';
export * from './escalation.service';
