// Who is logged in. The session itself is the HttpOnly a-token cookie, which script cannot see; this module keeps only
// the current user's public profile and a "signed in here" flag, so a first visit shows the login form without first
// asking the server (and logging a 401).
import { ApiError } from './api';
import { accounts } from './services';
import type { User } from './types';

const signedInFlag = 'tinycloud.signed-in';
let user: User | null = null;
const listeners: ((user: User | null) => void)[] = [];
// Bumped by every sign-in, sign-out and refresh started: a refresh's answer is taken only if nothing came after it, so
// an older answer arriving last (two refreshes after two changes) never puts back what was there before.
let changes = 0;

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
  changes++;
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
  changes++;
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

/** The user as the server has it now; an answer overtaken by a later refresh, sign-in or sign-out is dropped. */
export async function refreshUser(): Promise<User | null> {
  const mine = ++changes;
  try {
    const fresh = await accounts.currentUser();
    if (mine === changes) signedIn(fresh);
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (mine === changes) forget();
      return user;
    }
    throw error;
  }
}
