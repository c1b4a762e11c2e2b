import './styles.css';
import { messageOf, onUnauthorized } from './api';
import { ignoreStrayDrops } from './dropzone';
import { installMenuBehaviour } from './menus';
import { notify } from './notify';
import { showAccount } from './pages/account-page';
import { showAuth } from './pages/auth';
import { showForgotPassword, showResetPassword, showVerifyEmail } from './pages/recovery';
import { showDrive } from './pages/drive';
import { renderLayout } from './pages/layout';
import { showLinks } from './pages/links';
import { showFailure, showMissing } from './pages/missing';
import { showShared } from './pages/shared';
import { showTrash } from './pages/trash';
import { type Route, navigate, startRouter } from './router';
import { currentUser, forget, loadUser, onNextSignIn, wasSignedIn } from './session';

let generation = 0;

async function renderRoute(route: Route): Promise<void> {
  const mine = ++generation;
  const isCurrent = () => mine === generation;
  try {
    // Public pages ask nothing about the visitor's own session (so an expired one cannot send them to log in).
    if (route.page === 'shared') return await showShared(renderLayout(currentUser()), route, isCurrent);
    if (route.page === 'missing') return showMissing(renderLayout(currentUser()));
    // The pages a mailed link opens, and the way to ask for one, need no session.
    if (route.page === 'forgot-password') return showForgotPassword(renderLayout(currentUser()));
    if (route.page === 'reset-password') return showResetPassword(renderLayout(currentUser()));
    if (route.page === 'verify-email') return await showVerifyEmail(renderLayout(currentUser()));
    const user = await loadUser();
    if (!isCurrent()) return;
    if (route.page === 'login' || route.page === 'register') {
      if (user) return navigate('/client/', { replace: true });
      return showAuth(renderLayout(null), route.page);
    }
    if (!user) return navigate('/client/login', { replace: true });
    const main = renderLayout(user);
    if (route.page === 'links') return await showLinks(main, isCurrent);
    if (route.page === 'trash') return await showTrash(main, isCurrent);
    if (route.page === 'account') return showAccount(main, user);
    return await showDrive(main, route, isCurrent);
  } catch (error) {
    // Typically the server could not be reached: say so, and offer to try again.
    if (isCurrent()) showFailure(renderLayout(currentUser()), messageOf(error));
  } finally {
    if (isCurrent()) document.querySelector<HTMLElement>('main [data-autofocus], main h1')?.focus({ preventScroll: true });
  }
}

// A revoked or expired session anywhere: back to the login page, saying why.
onUnauthorized(() => {
  if (!wasSignedIn()) return;
  document.querySelectorAll('dialog[open]').forEach((dialog) => (dialog as HTMLDialogElement).close());
  forget();
  onNextSignIn(notify('Your session has ended. Please log in again.', 'error'));
  navigate('/client/login', { replace: true });
});

installMenuBehaviour();
ignoreStrayDrops();
startRouter((route) => void renderRoute(route));
