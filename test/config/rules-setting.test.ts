// `rules:` in ajar.yaml is checked against the whole rule catalogue, whatever else a program loaded. This file
// imports only the config stage — no media, package, verify or publish code, and not the CLI — as a library
// user or a single command would. (When rules were registered by importing each stage, the config stage
// alone knew only its own and load's rules, and called media-not-transcoded unknown.)

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';

describe('rules: in ajar.yaml', () => {
  it('accepts any stage’s rule even when only the config stage is loaded', () => {
    const yaml = 'rules:\n  media-not-transcoded: "off"\n  publish-no-packages: error\n  broken-anchor: info\n  zip-symlink: warning\n';
    const { config, diagnostics } = parseConfig(yaml, {});
    expect(diagnostics).toEqual([]);
    expect(config.rules).toEqual({ 'media-not-transcoded': 'off', 'publish-no-packages': 'error', 'broken-anchor': 'info', 'zip-symlink': 'warning' });
  });

  it('a misspelt rule is still reported, with the nearest rule id', () => {
    const { diagnostics } = parseConfig('rules:\n  media-not-transcode: "off"\n', {});
    expect(diagnostics.map((d) => [d.ruleId, d.data?.rule, d.data?.suggestion])).toEqual([['unknown-rule', 'media-not-transcode', 'media-not-transcoded']]);
  });
});
