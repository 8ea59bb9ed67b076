// The preview stage's face: a local LMS serving a course folder or a built package.

export { startPreview, buildPreview, type PreviewOptions, type PreviewServer } from './server.js';
export { PREVIEW_MODES, type PreviewMode, type LaunchMode } from './pages.js';
export { UnplayablePackage, unplayableData } from './package.js';
