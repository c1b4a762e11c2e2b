import './styles.css';
import { onUnauthorized } from './api';
import { ignoreStrayDrops } from './dropzone';
import { installMenuBehaviour } from './menus';
import { notify, showError } from './notify';
import { showAuth } from './pages/auth';
import { showDrive } from './pages/drive';
import { renderLayout } from './pages/layout';
import { showLinks } from './pages/links';
import { showMissing } from './pages/missing';
import { showShared } from './pages/shared';
import { type Route, navigate, startRouter } from './router';
import { currentUser, forget, loadUser, wasSignedIn } from './session';

let generation = 0;

async function renderRoute(route: Route): Promise<void> {
  const mine = ++generation;
  const isCurrent = () => mine === generation;
  try {
    if (route.page === 'shared' || route.page === 'missing') {
      const main = renderLayout(currentUser() ?? (await loadUser().catch(() => null)));
      if (!isCurrent()) return;
      return route.page === 'shared' ? showShared(main, route, isCurrent) : showMissing(main);
    }
    const user = await loadUser();
    if (!isCurrent()) return;
    if (route.page === 'login' || route.page === 'register') {
      if (user) return navigate('/client/', { replace: true });
      return showAuth(renderLayout(null), route.page);
    }
    if (!user) return navigate('/client/login', { replace: true });
    const main = renderLayout(user);
    if (route.page === 'links') return await showLinks(main, isCurrent);
    return await showDrive(main, route, isCurrent);
  } catch (error) {
    showError(error);
  } finally {
    if (isCurrent()) document.querySelector<HTMLElement>('main [data-autofocus], main h1')?.focus({ preventScroll: true });
  }
}

// A revoked or expired session anywhere: back to the login page, saying why.
onUnauthorized(() => {
  if (!wasSignedIn()) return;
  document.querySelectorAll('dialog[open]').forEach((dialog) => (dialog as HTMLDialogElement).close());
  forget();
  notify('Your session has ended. Please log in again.', 'error');
  navigate('/client/login', { replace: true });
});

installMenuBehaviour();
ignoreStrayDrops();
startRouter((route) => void renderRoute(route));
