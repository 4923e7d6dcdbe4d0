export * from './contract';
export * from './result';
export * from './dispatch';
export * from './client';
export { describeIssues } from './describe-issues';
export { checkJson, defaultJsonLimits, type JsonLimits } from '../json/json-guard';
export * from './preload-api';
export * from './wire';
export { contentSecurityPolicy } from './csp';
