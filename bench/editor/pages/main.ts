import type { BenchAdapter } from './adapter.js';
import { installMeasure } from './measure.js';

/** One page for every editor (`?editor=NAME`); each editor's code is a separate chunk, loaded alone. */
const editors: Record<string, () => Promise<{ adapter: BenchAdapter }>> = {
  capsule: () => import('./capsule.js'),
  vanilla: () => import('./vanilla.js'),
  rjsf: () => import('./rjsf.js'),
  'json-editor': () => import('./json-editor.js'),
};

const name = new URLSearchParams(location.search).get('editor') ?? '';
const load = editors[name];
if (!load) throw new Error(`unknown editor "${name}"`);
installMeasure((await load()).adapter);
