// The layer rules of src/README.md, checked by dependency-cruiser (test/architecture/layers.test.ts runs it
// in `npm test`; `npx depcruise src --config .dependency-cruiser.cjs` prints the same verdict).
//
//   cli → pipeline → stages (in stage order) → base (diagnostics, fs, source, util) → core
//   player (browser) → core
//
// Change the layers here and in src/README.md together.

/** The stages, in the order data flows: a stage may import the stages before it, never one after it. */
const STAGES = ['config', 'questions', 'load', 'check', 'media', 'render', 'package', 'verify', 'publish', 'preview'];
/** Node helpers every stage may use; they import only core and each other. */
const BASE = ['diagnostics', 'fs', 'source', 'util'];

const dir = (names) => `^src/(${names.join('|')})/`;
/**
 * Declarations: plain data a stage owns, importing only core, base and other declarations — its rule
 * list (`rules.ts`), its section of the ajar.yaml schema (`config-schema.ts`; config/schema.ts and lms.ts for
 * `build:` and the package format names) and the front matter schemas of load/ and questions/. The
 * rule catalogue, the ajar.yaml schema and `ajar schema` gather them without depending on stage code.
 */
const DECLARATION = `^src/((${STAGES.join('|')}|cli)/(rules|config-schema)|(load|questions)/schemas|config/(schema|lms))\\.ts$`;
/** A stage's face: what the stages after it, the pipeline and the CLI may import from it. */
const FACE = `^src/(${STAGES.join('|')})/index\\.ts$`;

const forbidden = [
  {
    name: 'no-circular',
    comment: 'No import cycles, type-only imports included: every module can be read after the modules it uses.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'core-imports-only-core',
    comment: 'src/core is bundled into the browser player and read by every Node stage: it depends on nothing else (no Node built-ins, no packages, no other folder).',
    severity: 'error',
    from: { path: '^src/core/' },
    to: { pathNot: '^src/core/' },
  },
  {
    name: 'player-imports-only-core',
    comment: 'The browser player uses its own files, src/core and browser-safe packages; never Node stages or Node built-ins.',
    severity: 'error',
    from: { path: '^src/player/' },
    to: { path: '^src/', pathNot: '^src/(player|core)/' },
  },
  {
    name: 'player-no-node-builtins',
    comment: 'The player runs in the browser.',
    severity: 'error',
    from: { path: '^src/(player|core)/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'nothing-imports-player',
    comment: 'Node code never imports the browser player: what both need lives in src/core.',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/player/' },
    to: { path: '^src/player/' },
  },
  {
    name: 'base-imports-only-base-and-core',
    comment: 'diagnostics, fs and source are shared by every stage, so they import only each other and core. The one exception is the rule catalogue, which gathers every stage’s rule declarations.',
    severity: 'error',
    from: { path: dir(BASE), pathNot: '^src/diagnostics/catalog\\.ts$' },
    to: { path: '^src/', pathNot: `${dir([...BASE, 'core'])}` },
  },
  {
    name: 'catalog-imports-only-declarations',
    comment: 'The rule catalogue imports each stage’s rules.ts and nothing else of a stage.',
    severity: 'error',
    from: { path: '^src/diagnostics/catalog\\.ts$' },
    to: { path: '^src/', pathNot: [dir([...BASE, 'core']), DECLARATION] },
  },
  {
    name: 'declarations-are-data',
    comment: 'rules.ts, schemas.ts and config-schema.ts import only core, base and other declarations.',
    severity: 'error',
    from: { path: DECLARATION },
    to: { path: '^src/', pathNot: [dir([...BASE, 'core']), DECLARATION] },
  },
  {
    name: 'nothing-imports-cli',
    comment: 'The CLI is the top layer: nothing below it imports it (its rule declarations excepted).',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/cli/' },
    to: { path: '^src/cli/', pathNot: DECLARATION },
  },
  {
    name: 'only-cli-imports-pipeline',
    comment: 'The pipeline runs the stages; stages never call it back.',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/(cli/|pipeline\\.ts$)' },
    to: { path: '^src/pipeline\\.ts$' },
  },
  ...STAGES.map((stage, i) => ({
    name: `stage-order-${stage}`,
    comment: `${stage} imports only the stages before it (${STAGES.slice(0, i).join(', ') || 'none'}), and those only through their index.ts face or their declarations.`,
    severity: 'error',
    from: { path: `^src/${stage}/` },
    to: {
      path: `^src/(${[...STAGES.filter((s) => s !== stage), 'cli'].join('|')})/`,
      pathNot: [DECLARATION, ...(i > 0 ? [`^src/(${STAGES.slice(0, i).join('|')})/index\\.ts$`] : [])],
    },
  })),
  {
    name: 'cli-and-pipeline-use-stage-faces',
    comment: 'The CLI and the pipeline use a stage through its index.ts face (and its declarations), never its inner modules.',
    severity: 'error',
    from: { path: '^src/(cli/|pipeline\\.ts$)' },
    to: { path: dir(STAGES), pathNot: [FACE, DECLARATION] },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    // Type-only imports count: a cycle of types is still a cycle for the reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(lib|node_modules)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
