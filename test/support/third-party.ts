// Where the tests find what others wrote: the schemas ajar ships (vendor/xsd) and third-party corpora
// copied into test/fixtures/third-party/<source>/ with their provenance. Nothing here reads outside the project.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The official schemas ajar ships and validates against. */
export const vendorXsd = path.join(root, 'vendor', 'xsd');
export const cmi5Xsd = path.join(vendorXsd, 'cmi5', 'CourseStructure.xsd');

/** A file or folder of a third-party corpus, e.g. thirdParty('moodle', 'gift', 'examples.gift'). */
export const thirdParty = (...parts: string[]): string => path.join(root, 'test', 'fixtures', 'third-party', ...parts);
