// The WebAssembly trainer against the TypeScript oracle (the suite is shared with the native kernels' trainer).
import { moons } from '../../data/generators/moons';
import { createWasmTrainer } from './fast-trainer';
import { describeFastTrainer } from './testing/fast-trainer-suite';

describeFastTrainer('wasm', createWasmTrainer, moons);
