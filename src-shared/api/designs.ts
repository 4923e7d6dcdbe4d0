/** The designs domain: the saved network documents, listed, opened and saved by name. */
import { z } from 'zod';
import { checkJson } from '../json/json-guard';
import { command, emptyRequest, isoDate } from './define';
import { DesignName } from './design-name';

export { DesignName } from './design-name';

/** A free-form JSON object (the design document), refused when hostile: too deep, too big, prototype keys. */
export const JsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && checkJson(value) === null,
  { message: 'the document must be a plain JSON object of reasonable size and depth' },
);

export const DesignSummary = z.object({
  name: DesignName,
  modifiedAt: isoDate,
  bytes: z.number().int().nonnegative(),
});
export type DesignSummary = z.infer<typeof DesignSummary>;

export const designsCommands = {
  'designs:list': command(emptyRequest, z.object({ designs: z.array(DesignSummary) })),
  'designs:open': command(
    z.object({ name: DesignName }).strict(),
    z.object({ name: DesignName, content: JsonObject, modifiedAt: isoDate }),
  ),
  'designs:save': command(
    z
      .object({
        name: DesignName,
        content: JsonObject,
        /** false: refuse to replace an existing design of that name (Save As). */
        overwrite: z.boolean().default(true),
      })
      .strict(),
    DesignSummary,
  ),
} as const;

export const designsEvents = {
  'designs:changed': z.object({ names: z.array(DesignName) }),
} as const;
