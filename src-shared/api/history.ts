/** The history domain (empty for now): listing, reading and comparing stored training runs come here. */
export const historyCommands = {} as const;
export const historyEvents = {} as const;
