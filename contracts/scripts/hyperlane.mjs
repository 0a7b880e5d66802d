// Extracts ABI and bytecode of the Hyperlane contracts the devnet deploys from the typechain
// factories shipped in @hyperlane-xyz/core (dist/typechain/factories/contracts/**/<Name>__factory.js).
// The factories import ethers, which is not installed here, so they are read as text: the `_abi`
// literal is evaluated in an empty context and `_bytecode` is taken as a string.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const HYPERLANE_CONTRACTS = {
  Mailbox: 'Mailbox__factory.js',
  MerkleTreeHook: 'hooks/MerkleTreeHook__factory.js',
  InterchainGasPaymaster: 'hooks/igp/InterchainGasPaymaster__factory.js',
  StorageGasOracle: 'hooks/igp/StorageGasOracle__factory.js',
  StaticMessageIdMultisigIsmFactory: 'isms/multisig/StaticMultisigIsm.sol/StaticMessageIdMultisigIsmFactory__factory.js',
  StaticMessageIdMultisigIsm: 'isms/multisig/StaticMultisigIsm.sol/StaticMessageIdMultisigIsm__factory.js',
  HypERC20Collateral: 'token/HypERC20Collateral__factory.js',
};

export function hyperlaneArtifact(name) {
  const pkg = join(root, 'node_modules', '@hyperlane-xyz', 'core');
  const file = join(pkg, 'dist', 'typechain', 'factories', 'contracts', HYPERLANE_CONTRACTS[name]);
  const text = readFileSync(file, 'utf8');
  const abiStart = text.indexOf('const _abi = ');
  const bytecodeStart = text.indexOf('const _bytecode = ');
  if (abiStart < 0 || bytecodeStart < 0) throw new Error(`${file}: no _abi/_bytecode`);
  const abiLiteral = text.slice(abiStart + 'const _abi = '.length, bytecodeStart).trim().replace(/;$/, '');
  const abi = vm.runInNewContext(`(${abiLiteral})`, Object.create(null), { timeout: 5000 });
  const match = /const _bytecode = "(0x[0-9a-fA-F]*)"/.exec(text);
  if (!Array.isArray(abi) || !match) throw new Error(`${file}: could not read abi/bytecode`);
  return { abi: JSON.parse(JSON.stringify(abi)), bytecode: match[1] };
}
