// pcusers-core for browsers (and bundlers): the loader fetches pcusers-core-raw.wasm next to
// this file; pass Emscripten's `locateFile` or `wasmBinary` to load it from elsewhere.
import createPcuCoreRaw from './pcusers-core-raw.js';
import { instantiate } from './api.js';

export async function createPcuCore(options = {}) {
  return instantiate(createPcuCoreRaw, options);
}
export default createPcuCore;
