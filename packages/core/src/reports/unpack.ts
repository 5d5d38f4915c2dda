import { Gunzip, unzipSync } from 'fflate';
import { MalformedReportError, ReportTooBigError } from './errors.ts';

/** Limits on what one report may unpack to; a decompression bomb meets them and is refused. */
export interface UnpackLimits {
  /** Bytes of the unpacked document (default 20 MiB). */
  maxBytes: number;
  /** Entries in a zip archive (default 16). */
  maxZipEntries: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxBytes: 20 * 1024 * 1024, maxZipEntries: 16 };

export type Container = 'gzip' | 'zip' | 'plain';

export function containerOf(data: Uint8Array): Container {
  if (data[0] === 0x1f && data[1] === 0x8b) return 'gzip';
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'zip';
  return 'plain';
}

// Small input chunks bound what one push can inflate to (deflate expands at most ~1032:1).
const GUNZIP_CHUNK = 8 * 1024;

function gunzipLimited(data: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new ReportTooBigError(`The gzip report unpacks to more than ${maxBytes} bytes`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let offset = 0; offset < data.length; offset += GUNZIP_CHUNK) {
      const end = Math.min(offset + GUNZIP_CHUNK, data.length);
      gunzip.push(data.subarray(offset, end), end === data.length);
    }
  } catch (error) {
    if (error instanceof ReportTooBigError) throw error;
    throw new MalformedReportError(`The gzip data is broken (${(error as Error).message})`, { cause: error });
  }
  if (!ended) throw new MalformedReportError('The gzip data is truncated');
  return concat(chunks, total);
}

/**
 * The first .xml/.json entry of a zip archive. Entries are inflated into
 * buffers of their declared size, so an entry that lies about its size is
 * cut short (and then fails to parse) instead of growing without bound.
 */
function unzipLimited(data: Uint8Array, limits: UnpackLimits): Uint8Array {
  let entries = 0;
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter(file) {
        entries += 1;
        if (entries > limits.maxZipEntries) throw new ReportTooBigError(`The zip archive has more than ${limits.maxZipEntries} entries`);
        if (file.name.endsWith('/')) return false;
        declared += file.originalSize;
        if (declared > limits.maxBytes) throw new ReportTooBigError(`The zip archive unpacks to more than ${limits.maxBytes} bytes`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ReportTooBigError) throw error;
    throw new MalformedReportError(`The zip archive is broken (${(error as Error).message})`, { cause: error });
  }
  const names = Object.keys(files);
  const name = names.find((n) => /\.(xml|json)$/i.test(n)) ?? names[0];
  const file = name === undefined ? undefined : files[name];
  if (!file) throw new MalformedReportError('The zip archive holds no file');
  return file;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** The report document inside gzip, zip or nothing, as text. */
export function unpackReport(data: Uint8Array, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): string {
  const container = containerOf(data);
  let document: Uint8Array;
  if (container === 'gzip') document = gunzipLimited(data, limits.maxBytes);
  else if (container === 'zip') document = unzipLimited(data, limits);
  else {
    if (data.length > limits.maxBytes) throw new ReportTooBigError(`The report is larger than ${limits.maxBytes} bytes`);
    document = data;
  }
  return new TextDecoder('utf-8').decode(document);
}
