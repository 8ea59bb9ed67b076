// ajv's standalone validators of every schema ajar validates against, by the schema's `$id`. Empty here:
// scripts/build.mjs replaces this module in lib/ with the code ajv generates from the same schemas, so the
// CLI validates without compiling a schema at start-up (issue 16). Running from src/ (tests), or for a
// schema without a generated validator, schema-check.ts compiles with ajv as before.

import type { ValidateFunction } from 'ajv';

export const validators: Readonly<Record<string, ValidateFunction>> = {};
