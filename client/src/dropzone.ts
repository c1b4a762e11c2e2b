// Drag and drop of files onto an element. Dropped folders are skipped with a word, not silently.
import { notify } from './notify';

export function dropZone(element: HTMLElement, onFiles: (files: File[]) => void): void {
  let depth = 0;
  const setDragging = (on: boolean) => element.classList.toggle('dragging', on);
  element.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth++;
    setDragging(true);
  });
  element.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
  });
  element.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) setDragging(false);
  });
  element.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    setDragging(false);
    const { files, folders } = split(event.dataTransfer!);
    if (folders > 0) notify('Folders cannot be dropped: create the folder, then drop the files into it.', 'error');
    if (files.length > 0) onFiles(files);
  });
}

/** Stops a file dropped next to the drop zone from replacing the page. */
export function ignoreStrayDrops(): void {
  for (const type of ['dragover', 'drop'])
    window.addEventListener(type, (event) => {
      if (carriesFiles(event as DragEvent)) event.preventDefault();
    });
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

function split(data: DataTransfer): { files: File[]; folders: number } {
  const files: File[] = [];
  let folders = 0;
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    if (item.webkitGetAsEntry?.()?.isDirectory) {
      folders++;
      continue;
    }
    const file = item.getAsFile();
    if (file) files.push(file);
  }
  return { files, folders };
}
