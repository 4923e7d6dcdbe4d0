/** src-shared/search: search spaces, samplers, applying a trial, ranking, successive halving, coarse to fine, importance, panda's babysitter, step budgets. */
export * from './api';
