export * from './board.repository';
export * from './board.service';
export * from './progress.module';
export * from './progress.repository';
export * from './progress.service';
export * from './progress-counters';
