export * from './test-marks';
export * from './test-send.module';
export * from './test-send.service';
