// Which Vulkan driver Dawn (npm `webgpu`) uses, for the launchers of the GPU scripts. Dawn loads
// libvulkan.so.1 and the loader reads VK_ICD_FILENAMES; both are read when the process starts, so
// a launcher sets them for a child process. `swiftshader`: Chromium's SwiftShader (a CPU Vulkan,
// bundled with Chromium beside its own libvulkan.so.1; Debian's lavapipe is refused by Dawn), what
// `npm test` provisions with the browser. `system`: whatever the machine's loader finds (a GPU).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findBrowser } from '../find-browser.mjs';

/** Folders that may hold Chromium's vk_swiftshader_icd.json and libvulkan.so.1. */
function chromiumFolders() {
  const found = findBrowser();
  const folders = ['/usr/lib/chromium'];
  if (found) folders.unshift(dirname(found.path));
  return folders;
}

/**
 * Environment for a child process that should run WebGPU on `driver`.
 * @param {'swiftshader'|'system'} driver
 * @returns {Record<string, string>} variables to add to process.env.
 * @throws Error when SwiftShader is asked for and no Chromium carries it.
 */
export function vulkanEnv(driver) {
  const env = { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
  if (driver === 'system') return env;
  const folder = chromiumFolders().find((f) => existsSync(join(f, 'vk_swiftshader_icd.json')));
  if (!folder)
    throw new Error(
      `No Chromium with SwiftShader's Vulkan ICD (vk_swiftshader_icd.json) in ${chromiumFolders().join(', ')}: run node scripts/ensure-browser.mjs first.`,
    );
  const loader = existsSync(join(folder, 'libvulkan.so.1')) ? folder : null;
  return {
    ...env,
    VK_ICD_FILENAMES: join(folder, 'vk_swiftshader_icd.json'),
    ...(loader ? { LD_LIBRARY_PATH: [loader, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {}),
  };
}

/** Every .mjs the GPU build wrote, for a message when one is missing. */
export const builtFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mjs')) : []);
