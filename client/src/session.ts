// Who is logged in. The session itself is the HttpOnly a-token cookie, which script cannot see; this module keeps only
// the current user's public profile and a "signed in here" flag, so a first visit shows the login form without first
// asking the server (and logging a 401).
import { ApiError } from './api';
import { accounts } from './services';
import type { User } from './types';

const signedInFlag = 'tinycloud.signed-in';
let user: User | null = null;
const listeners: ((user: User | null) => void)[] = [];

export function currentUser(): User | null {
  return user;
}

/** Whether this browser believes it is logged in (a user is loaded, or it logged in before a reload). */
export function wasSignedIn(): boolean {
  return user !== null || localStorage.getItem(signedInFlag) !== null;
}

export function onUserChange(listener: (user: User | null) => void): void {
  listeners.push(listener);
}

export function signedIn(next: User): void {
  user = next;
  localStorage.setItem(signedInFlag, '1');
  listeners.forEach((listener) => listener(user));
  signInHooks.splice(0).forEach((hook) => hook());
}

const signInHooks: (() => void)[] = [];

/** Runs once, at the next sign-in (to take away a "you are logged out" message, say). */
export function onNextSignIn(hook: () => void): void {
  signInHooks.push(hook);
}

export function forget(): void {
  user = null;
  localStorage.removeItem(signedInFlag);
  listeners.forEach((listener) => listener(user));
}

/** The logged-in user, asking the server only when this browser has logged in before; null when not logged in. */
export async function loadUser(): Promise<User | null> {
  if (user) return user;
  if (!localStorage.getItem(signedInFlag)) return null;
  return refreshUser();
}

export async function refreshUser(): Promise<User | null> {
  try {
    signedIn(await accounts.currentUser());
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forget();
      return null;
    }
    throw error;
  }
}
