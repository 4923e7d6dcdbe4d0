// PLACEHOLDER: the run-setup branch writes this file (training commands and events, zod-schema'd); the lead keeps that version at merge.
export const trainingCommands = {} as const;
export const trainingEvents = {} as const;
