export * from './analytics';
export * from './monitoring';
