// Where a rendition of a media entry lives, one layout for every place that holds renditions: the
// package (`media/<key>/<rendition>`, render), the host behind `build.media_base_url`
// (`<base>/<key>/<rendition>`, render) and a publish target (`<prefix><course-id>/media/<key>/<rendition>`,
// publish). `media_base_url` set to `<public url>/<prefix><course-id>/media` therefore points packages at
// what publish uploaded (docs/publishing.md).

/** The folder that holds renditions, inside a package and below a course's prefix on a target. */
export const MEDIA_DIR = 'media';

/** A rendition's path below a media folder: the entry's content key, then the rendition's own path (HLS keeps its relative paths). */
export function mediaRenditionPath(entryKey: string, renditionPath: string): string {
  return `${entryKey}/${renditionPath}`;
}
