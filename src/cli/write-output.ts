import { accessSync, chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { EnvironmentError, errorCode } from '../errors.js';

/** A report's text, whole or in pieces made as they are written (a large JSON report); pieces are read once. */
export type OutputText = string | Iterable<string>;

/** Writes a text, whole or about 1 MiB at a time, to a stream such as stdout. */
export function writeText(stream: { write(text: string): unknown }, text: OutputText): void {
  if (typeof text === 'string') stream.write(text);
  else for (const batch of batches(text)) stream.write(batch);
}

/** Where a report can go besides a file: the process's own output streams. */
export interface OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Writes a report to the path the user named, by what is there now:
 * - nothing, or a regular file: a temporary file beside it, then a rename, so that no reader ever
 *   sees half a report and a failed run leaves the old one (the mode of a file replaced is kept);
 * - a character device, a FIFO or a socket (also through a symbolic link): written to as a stream,
 *   never replaced; `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are the
 *   process's own descriptors;
 * - a symbolic link to anything else (a file, a directory, nothing), a directory or a block device:
 *   refused, since a link in a checked-out tree could otherwise send a report anywhere.
 * A reader that stops reading (a closed pipe) ends the writing quietly. Anything else that cannot be
 * written throws an `EnvironmentError` of one line. `file` is absolute.
 */
export async function writeOutput(file: string, text: OutputText, streams: OutputStreams): Promise<void> {
  const descriptor = descriptorOf(file);
  if (descriptor === 1) writeText(streams.stdout, text);
  else if (descriptor === 2) writeText(streams.stderr, text);
  else if (descriptor === undefined) await writeToPath(file, text);
  else {
    checkPassedDescriptor(descriptor, file);
    writeToDescriptor(descriptor, text, file);
  }
}

async function writeToPath(file: string, text: OutputText): Promise<void> {
  const entry = statOf(file, lstatSync);
  if (!entry) return writeFileAtomic(file, text);
  if (entry.isFile()) {
    check(() => accessSync(file, constants.W_OK), file);
    return writeFileAtomic(file, text, entry.mode & 0o777);
  }
  if (entry.isSymbolicLink()) {
    const target = statOf(file, statSync);
    if (!target || !isStream(target)) throw new EnvironmentError(refusedLink(file));
    return target.isSocket() ? sendToSocket(file, text) : streamTo(file, text, true);
  }
  if (entry.isSocket()) return sendToSocket(file, text);
  if (isStream(entry)) return streamTo(file, text, false);
  throw new EnvironmentError(`cannot write ${file}: it is ${entry.isDirectory() ? 'a directory' : entry.isBlockDevice() ? 'a block device' : 'not a file'}`);
}

/** Writes a file by way of a temporary name and a rename, so that no reader ever sees half of it. */
function writeFileAtomic(file: string, content: OutputText, mode?: number): void {
  const directory = path.dirname(file);
  check(() => mkdirSync(directory, { recursive: true }), file);
  const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // Exclusive creation: a link planted at the temporary name is not followed.
    if (typeof content === 'string') writeFileSync(temporary, content, { flag: 'wx' });
    else writePieces(temporary, content);
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new EnvironmentError(`cannot write ${file} (${errorCode(error)})`, { cause: error });
  }
}

/** Opens a character device or a FIFO for writing (a FIFO waits for a reader, as with the shell's `>`) and writes to it. */
function streamTo(file: string, text: OutputText, throughLink: boolean): void {
  const flags = constants.O_WRONLY | constants.O_NOCTTY | (throughLink ? 0 : constants.O_NOFOLLOW);
  const fd = check(() => openSync(file, flags), file);
  try {
    writeToDescriptor(fd, text, file);
  } finally {
    closeSync(fd);
  }
}

/** Creates a file (exclusively) and writes the pieces into it, about 1 MiB at a time. */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'wx');
  try {
    for (const batch of batches(pieces)) writeFileSync(fd, batch);
  } finally {
    closeSync(fd);
  }
}

/** The pieces joined into strings of about 1 MiB. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= 1024 * 1024) {
      yield batch.join('');
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
}

function writeToDescriptor(fd: number, text: OutputText, shown: string): void {
  if (typeof text === 'string') writeBytes(fd, Buffer.from(text, 'utf8'), shown);
  else for (const batch of batches(text)) if (!writeBytes(fd, Buffer.from(batch, 'utf8'), shown)) return;
}

/** Writes the bytes; false when the reader stopped reading. */
function writeBytes(fd: number, bytes: Buffer, shown: string): boolean {
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EPIPE') return false; // the reader stopped reading: what it read is all it wanted
      if (code !== 'EAGAIN') throw new EnvironmentError(`cannot write ${shown} (${code})`, { cause: error });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // a non-blocking descriptor that is full: wait a moment
    }
  }
  return true;
}

/** Connects to a listening Unix socket and sends the report. */
async function sendToSocket(file: string, text: OutputText): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection({ path: file });
    socket.once('error', (error) => (errorCode(error) === 'EPIPE' ? resolve() : reject(new EnvironmentError(`cannot write ${file} (${errorCode(error)})`, { cause: error }))));
    if (typeof text !== 'string') for (const batch of batches(text)) socket.write(batch);
    socket.end(typeof text === 'string' ? text : '', () => resolve());
  });
}

const OWN_DESCRIPTOR = new RegExp(`^/(?:dev/fd|proc/(?:self|thread-self|${process.pid})/fd)/(\\d+)$`, 'u');
const STANDARD = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 } as Readonly<Record<string, number>>;

/**
 * The descriptor a path such as `/dev/stdout` or `/dev/fd/3` names. Other than stdout and stderr,
 * only on Linux, which can tell a descriptor the caller passed from one Node opened for itself;
 * elsewhere `/dev/fd/N` is opened as a path, as a character device.
 */
function descriptorOf(file: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  if (Object.hasOwn(STANDARD, file)) return STANDARD[file] === 0 && process.platform !== 'linux' ? undefined : STANDARD[file];
  const match = process.platform === 'linux' ? OWN_DESCRIPTOR.exec(file) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Stops at a descriptor that the caller did not pass (`3>file`, `>(command)`): one that is not
 * open, or one of Node's own, which are event loop handles and pipes whose both ends this process
 * holds. Writing to those would corrupt the process or wait forever.
 */
function checkPassedDescriptor(fd: number, file: string): void {
  const target = linkTarget(`/proc/self/fd/${fd}`);
  if (target === undefined) throw new EnvironmentError(`cannot write ${file}: descriptor ${fd} is not open`);
  const own = target.startsWith('anon_inode:') || (target.startsWith('pipe:') && readdirSync('/proc/self/fd').filter((n) => linkTarget(`/proc/self/fd/${n}`) === target).length > 1);
  if (own) throw new EnvironmentError(`cannot write ${file}: descriptor ${fd} was not passed to debt-scan (as by \`${fd}>file\` in a shell)`);
}

function linkTarget(link: string): string | undefined {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
}

function isStream(stats: Stats): boolean {
  return stats.isCharacterDevice() || stats.isFIFO() || stats.isSocket();
}

function refusedLink(file: string): string {
  let target = '';
  try {
    target = ` to ${readlinkSync(file)}`;
  } catch {
    // gone meanwhile: the message names no target
  }
  return `cannot write ${file}: it is a symbolic link${target}, and debt-scan does not write through links (a link in a checked-out tree could send the report anywhere); name the target itself, or remove the link`;
}

/** The file's status, or undefined when nothing is there; other failures are a `EnvironmentError`. */
function statOf(file: string, stat: typeof lstatSync): Stats | undefined {
  try {
    return stat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new EnvironmentError(`cannot write ${file} (${errorCode(error)})`, { cause: error });
  }
}

function check<T>(action: () => T, file: string): T {
  try {
    return action();
  } catch (error) {
    throw new EnvironmentError(`cannot write ${file} (${errorCode(error)})`, { cause: error });
  }
}
