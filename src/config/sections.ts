// The ajar.yaml sections owned by other stages, each with its own schema.
import { mediaConfigSchema } from '../media/config-schema.js';
import { publishConfigSchema } from '../publish/config-schema.js';

export const configSections: Record<string, object> = {
  media: mediaConfigSchema,
  publish: publishConfigSchema,
};
