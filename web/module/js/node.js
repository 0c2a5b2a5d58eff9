// pcusers-core for Node: Emscripten 3.1.6's loader cannot fetch the .wasm from a file path
// in Node 20 (which has a global fetch), so this entry reads the bytes and hands them over.
import { readFile } from 'node:fs/promises';

import createPcuCoreRaw from './pcusers-core-raw.js';
import { instantiate } from './api.js';

export async function createPcuCore(options = {}) {
  if (options.wasmBinary || options.instantiateWasm) return instantiate(createPcuCoreRaw, options);
  const wasmBinary = await readFile(new URL('./pcusers-core-raw.wasm', import.meta.url));
  return instantiate(createPcuCoreRaw, { ...options, wasmBinary });
}
export default createPcuCore;
