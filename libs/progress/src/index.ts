export * from './progress.module';
export * from './progress.repository';
export * from './progress.service';
