// Copying a secret or a link: the clipboard API where the browser allows it, else the selected text the classic way.
import { notify } from './notify';

/** Copies box's text; what names it in the message ("Link", "Token"). */
export async function copyFrom(box: HTMLInputElement | HTMLTextAreaElement, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(box.value);
    notify(`${what} copied to the clipboard.`);
  } catch {
    box.focus();
    box.select();
    // Older or locked-down browsers: the selection is copied the classic way, else the person copies it.
    const copied = document.execCommand?.('copy') ?? false;
    notify(copied ? `${what} copied to the clipboard.` : `Press Ctrl+C (⌘C) to copy the selected ${what.toLowerCase()}.`);
  }
}
