// The ajar.yaml sections owned by other stages, each with its own schema.
// (media: src/media/config-schema.ts, publish: src/publish/config-schema.ts — wired in as they land.)
export const configSections: Record<string, object> = {
  media: { type: 'object', description: 'media pipeline settings (see docs/media.md)' },
  publish: { type: 'object', description: 'publish targets (see docs/publishing.md)' },
};
