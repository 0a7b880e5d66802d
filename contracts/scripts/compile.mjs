// Compiles src/main/solidity/*.sol with solcjs (standard JSON), exports the Uniswap V2
// factory and pair from @uniswap/v2-core and the Hyperlane contracts the devnet deploys from
// @hyperlane-xyz/core (scripts/hyperlane.mjs). For every contract writes <Name>.json ({abi, bytecode}),
// <Name>.abi and <Name>.bin into target/solidity/. Any compiler error fails the build.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { HYPERLANE_CONTRACTS, hyperlaneArtifact } from './hyperlane.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src', 'main', 'solidity');
const outDir = join(root, 'target', 'solidity');
const EVM_VERSION = 'cancun';

function fail(message) {
  console.error(`compile.mjs: ${message}`);
  process.exit(1);
}

let solc;
try {
  solc = require('solc');
} catch (e) {
  fail(`solc is not installed (run "npm install" in ${root}): ${e.message}`);
}

function write(name, abi, bytecode) {
  const hex = bytecode.startsWith('0x') ? bytecode.slice(2) : bytecode;
  if (!/^[0-9a-fA-F]+$/.test(hex)) fail(`${name}: bytecode is not plain hex (unlinked library?)`);
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ abi, bytecode: `0x${hex}` }, null, 2) + '\n');
  writeFileSync(join(outDir, `${name}.abi`), JSON.stringify(abi));
  writeFileSync(join(outDir, `${name}.bin`), hex);
  console.log(`compile.mjs: wrote ${name} (${hex.length / 2} bytes)`);
}

mkdirSync(outDir, { recursive: true });

const files = readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort();
if (files.length === 0) fail(`no .sol files in ${sourceDir}`);
const sources = Object.fromEntries(files.map((f) => [f, { content: readFileSync(join(sourceDir, f), 'utf8') }]));

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: EVM_VERSION,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const diagnostics = output.errors ?? [];
for (const d of diagnostics) {
  (d.severity === 'error' ? console.error : console.warn)(d.formattedMessage ?? d.message);
}
if (diagnostics.some((d) => d.severity === 'error')) fail('Solidity compilation failed');
console.log(`compile.mjs: solc ${solc.version()}, evm ${EVM_VERSION}, ${files.length} source file(s)`);

for (const file of files) {
  for (const [name, contract] of Object.entries(output.contracts?.[file] ?? {})) {
    const bytecode = contract.evm?.bytecode?.object ?? '';
    if (bytecode.length === 0) continue; // interfaces and abstract contracts
    write(name, contract.abi, bytecode);
  }
}

for (const name of ['UniswapV2Factory', 'UniswapV2Pair']) {
  const artifact = require(`@uniswap/v2-core/build/${name}.json`);
  const bytecode = artifact.bytecode ?? artifact.evm?.bytecode?.object;
  if (!artifact.abi || !bytecode) fail(`@uniswap/v2-core ${name}.json has no abi/bytecode`);
  write(name, artifact.abi, bytecode);
}

for (const name of Object.keys(HYPERLANE_CONTRACTS)) {
  let artifact;
  try {
    artifact = hyperlaneArtifact(name);
  } catch (e) {
    fail(`@hyperlane-xyz/core ${name}: ${e.message}`);
  }
  write(name, artifact.abi, artifact.bytecode);
}
