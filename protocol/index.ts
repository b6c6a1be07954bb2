export * from './constants';
export * from './canonical-json';
export * from './issues';
export * from './site-config-schema';
export * from './site-config-check';
export * from './receipt-schema';
export * from './public-config';
