// Menus are <details> elements: native keyboard support; these add closing on a choice, outside click and Escape.
export function installMenuBehaviour(): void {
  document.addEventListener('click', (event) => {
    const target = event.target as Element;
    for (const menu of document.querySelectorAll<HTMLDetailsElement>('details.menu[open]')) {
      const choseItem = menu.contains(target) && target.closest('.menu-items button, .menu-items a');
      if (!menu.contains(target) || choseItem) menu.open = false;
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const open = (event.target as Element).closest?.('details.menu[open]') as HTMLDetailsElement | null;
    if (!open) return;
    open.open = false;
    open.querySelector('summary')?.focus();
  });
}
