export * from './authorities';
export * from './deadlines';
export * from './notice-deadline';
