export * from './authorities';
export * from './deadlines';
