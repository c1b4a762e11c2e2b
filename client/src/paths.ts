// Drive paths are absolute and '/'-separated; a name is one segment.

export function joinPath(folder: string, name: string): string {
  return folder === '/' ? `/${name}` : `${folder}/${name}`;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/** Normalizes what a person typed as a folder path: leading slash, no empty or trailing segments. */
export function normalizeFolder(path: string): string {
  return `/${segments(path.trim()).join('/')}`;
}

/** Why a name cannot be used, in words, or null when it is fine (the server checks again). */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a name.';
  if (name === '.' || name === '..') return 'A name cannot be "." or "..".';
  if (/[/\\]/.test(name)) return 'A name cannot contain "/" or "\\".';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A name cannot contain control characters.';
  if (new TextEncoder().encode(name.normalize('NFC')).length > 255) return 'That name is too long (255 bytes at most).';
  return null;
}
