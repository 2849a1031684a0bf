/** What counts as a recording's audio: the types uploads accept, and the type a download is stored as. */

/** The largest recording accepted, uploaded or fetched: some 3.5 hours of 128 kbit/s MP3. */
export const maxRecordingBytes = 200 * 1024 * 1024;

/** What POST /calls/{id}/recording accepts: the formats browsers play. */
export const uploadTypes = ['audio/mpeg', 'audio/wav', 'audio/ogg', 'audio/webm'] as const;

const byExtension: Record<string, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  oga: 'audio/ogg',
  webm: 'audio/webm',
  m4a: 'audio/mp4',
};

const extensionOfType: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/mp4': 'm4a',
};

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export function mediaTypeOf(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function pathOf(url: string | null): string {
  try {
    return url ? new URL(url).pathname : '';
  } catch {
    return '';
  }
}

/**
 * The type to store a downloaded recording as; null when the answer is not audio (a login page or
 * an error served with 200). Some file servers say only application/octet-stream: then the URL's
 * extension tells, so browsers know what they are given.
 */
export function audioTypeOf(header: string | null, url: string | null): string | null {
  const type = mediaTypeOf(header);
  if (type.startsWith('audio/') || type === 'video/webm' || type === 'video/ogg') return type;
  if (type !== '' && type !== 'application/octet-stream' && type !== 'binary/octet-stream') return null;
  const extension = /\.([a-z0-9]+)$/i.exec(pathOf(url))?.[1]?.toLowerCase();
  return byExtension[extension ?? ''] ?? 'application/octet-stream';
}

/** The file name extension a download is offered with. */
export function extensionOf(contentType: string): string {
  return extensionOfType[mediaTypeOf(contentType)] ?? 'bin';
}
