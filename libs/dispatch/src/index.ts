export * from './dispatch.module';
export * from './escalation.service';
export * from './fanout.service';
export * from './notice-feeder';
export * from './notice-planner';
export * from './progress.service';
export * from './sweeper.service';
