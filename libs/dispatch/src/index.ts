export * from './dispatch.module';
export * from './fanout.repository';
export * from './fanout.service';
export * from './notice-feeder';
export * from './notice-planner';
export * from './notice-queue.repository';
export * from './sweeper.service';
