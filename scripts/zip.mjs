// Zip archives with nothing but Node (zlib): write a folder or a file list, read one back.
// Used by scripts/package.mjs (store packages), scripts/package-check.mjs and the package e2e
// test (unpacking them), so neither the build nor CI needs the `zip`/`unzip` programs.
//
// Written archives are reproducible: entries in sorted order, one fixed timestamp, no extra
// fields, so the same files always give the same bytes.
//
//   import { writeZip, readZip, extractZip } from './zip.mjs';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** 2026-01-01 00:00 in MS-DOS date/time: every entry gets it, so zips do not depend on file times. */
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
const STORED = 0;
const DEFLATED = 8;
const UTF8_NAMES = 1 << 11;

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
      else throw new Error(`zip: ${path} is neither a file nor a folder`);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Writes `files` (paths relative to `baseDir`, forward slashes) into the zip at `zipPath`.
 * @param {string} zipPath
 * @param {string} baseDir
 * @param {string[]} [files] default: every file under baseDir
 */
export function writeZip(zipPath, baseDir, files = listFiles(baseDir)) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const name of [...files].sort()) {
    const data = readFileSync(join(baseDir, name));
    const packed = deflateRawSync(data, { level: 9 });
    const method = packed.length < data.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? packed : data;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    // Keep the executable bit (e.g. .ci/run), nothing else of the file's mode.
    const mode = statSync(join(baseDir, name)).mode & 0o111 ? 0o100755 : 0o100644;
    const header = (signature, central) => {
      const b = Buffer.alloc(central ? 46 : 30);
      let at = 0;
      const u16 = (v) => (at = b.writeUInt16LE(v, at));
      const u32 = (v) => (at = b.writeUInt32LE(v >>> 0, at));
      u32(signature);
      if (central) u16((3 << 8) | 20); // made by: Unix (so the mode below is read), zip 2.0
      u16(20); // version needed to extract
      u16(UTF8_NAMES);
      u16(method);
      u16(DOS_TIME);
      u16(DOS_DATE);
      u32(crc);
      u32(body.length);
      u32(data.length);
      u16(nameBytes.length);
      u16(0); // extra field length
      if (central) {
        u16(0); // comment length
        u16(0); // disk number
        u16(0); // internal attributes
        u32(mode << 16); // external attributes: a regular file, rw-r--r-- or rwxr-xr-x
        u32(offset);
      }
      return b;
    };
    const local = Buffer.concat([header(0x04034b50, false), nameBytes, body]);
    centrals.push(Buffer.concat([header(0x02014b50, true), nameBytes]));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length, 8);
  end.writeUInt16LE(centrals.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  mkdirSync(dirname(resolve(zipPath)), { recursive: true });
  writeFileSync(zipPath, Buffer.concat([...locals, central, end]));
}

/**
 * Every file entry of a zip (stored or deflated; no zip64, no encryption), checked against its CRC.
 * @returns {Map<string, Buffer>} path → content
 */
export function readZip(zipPath) {
  return new Map([...readZipEntries(zipPath)].map(([name, entry]) => [name, entry.data]));
}

/** @returns {Map<string, { data: Buffer, executable: boolean }>} */
function readZipEntries(zipPath) {
  const zip = readFileSync(zipPath);
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error(`${zipPath}: not a zip file (no end of central directory)`);
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipPath}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const executable = ((zip.readUInt32LE(at + 38) >>> 16) & 0o111) !== 0;
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue; // a folder entry
    if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`${zipPath}: unsafe entry name ${name}`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const packed = zip.subarray(dataAt, dataAt + packedSize);
    let data;
    if (method === STORED) data = Buffer.from(packed);
    else if (method === DEFLATED) data = inflateRawSync(packed);
    else throw new Error(`${zipPath}: ${name} uses compression method ${method}`);
    if (crc32(data) !== crc) throw new Error(`${zipPath}: ${name} fails its CRC check`);
    files.set(name, { data, executable });
  }
  return files;
}

/** Unpacks a zip into `dir` (created if needed). Returns the sorted list of files written. */
export function extractZip(zipPath, dir) {
  const files = readZipEntries(zipPath);
  for (const [name, { data, executable }] of files) {
    const path = join(dir, ...name.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data, { mode: executable ? 0o755 : 0o644 });
  }
  return [...files.keys()].sort();
}

/** Is `path` a regular file? */
export function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
