import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/**
 * What uploads may be, decided by content (magic bytes), never by the name or the Content-Type the
 * client sent: those only have to agree with the content. SVG and HTML are refused outright (they run
 * scripts); everything but images is served as a download.
 */
const ALLOWED: Record<string, { extensions: string[]; inline: boolean }> = {
  'image/png': { extensions: ['png'], inline: true },
  'image/jpeg': { extensions: ['jpg', 'jpeg', 'jfif'], inline: true },
  'image/gif': { extensions: ['gif'], inline: true },
  'image/webp': { extensions: ['webp'], inline: true },
  'application/pdf': { extensions: ['pdf'], inline: false },
  'application/zip': { extensions: ['zip'], inline: false },
  'text/plain': { extensions: ['txt', 'text', 'log', 'csv', 'md'], inline: false },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['docx'],
    inline: false,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    extensions: ['xlsx'],
    inline: false,
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    extensions: ['pptx'],
    inline: false,
  },
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'], inline: false },
  'application/vnd.oasis.opendocument.spreadsheet': { extensions: ['ods'], inline: false },
  'application/vnd.oasis.opendocument.presentation': { extensions: ['odp'], inline: false },
};

/** Extensions a browser or OS would treat as something else than what we serve: never accepted. */
const DANGEROUS_EXTENSIONS = new Set([
  'html',
  'htm',
  'xhtml',
  'svg',
  'svgz',
  'xml',
  'js',
  'mjs',
  'exe',
  'bat',
  'cmd',
  'com',
  'msi',
  'scr',
  'ps1',
  'sh',
  'jar',
  'apk',
  'dll',
  'vbs',
  'hta',
  'lnk',
]);

export type SniffResult = { ok: true; contentType: string } | { ok: false; reason: string };

/** Decides the stored type of an upload from its bytes and checks the file name agrees. */
export async function sniffUpload(bytes: Uint8Array, fileName: string): Promise<SniffResult> {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty' };
  const detected = await fileTypeFromBuffer(bytes);
  const contentType = detected ? detected.mime : looksLikeText(bytes) ? 'text/plain' : null;
  const allowed = contentType === null ? undefined : ALLOWED[contentType];
  if (contentType === null || !allowed) {
    return {
      ok: false,
      reason: `Files of this type${detected ? ` (${detected.mime})` : ''} are not accepted`,
    };
  }
  const ext = extname(fileName).slice(1).toLowerCase();
  if (DANGEROUS_EXTENSIONS.has(ext)) return { ok: false, reason: `.${ext} files are not accepted` };
  const knownElsewhere = Object.entries(ALLOWED).some(
    ([type, t]) => type !== contentType && t.extensions.includes(ext),
  );
  if (knownElsewhere) {
    return { ok: false, reason: `The content of ${fileName} does not match its name` };
  }
  return { ok: true, contentType };
}

/** Images are shown inline; everything else is served as a download. */
export function servedInline(contentType: string): boolean {
  return ALLOWED[contentType]?.inline ?? false;
}

/**
 * Plain text: valid UTF-8 without NUL or other control characters than tab, newlines and form feed.
 * The whole file is checked (it is at most LIMITS.attachmentBytes).
 */
function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The name shown and offered for download: the client's (URI-encoded) header, decoded, without any
 * path, control or bidi-override characters, at most 200 characters, never empty.
 */
export function sanitizeFileName(header: string | undefined): string {
  let name = '';
  if (header) {
    try {
      name = decodeURIComponent(header);
    } catch {
      name = header;
    }
  }
  name = name
    .replace(/^.*[\\/]/, '')
    // eslint-disable-next-line no-control-regex -- strip control characters and bidi overrides
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069"<>:|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if (name.length > 200) {
    const ext = extname(name).slice(0, 20);
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name || 'file';
}
