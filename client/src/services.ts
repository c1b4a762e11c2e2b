// One function per API route the client uses.
import { get, post, postForBlob } from './api';
import type {
  AccessToken, BegunUpload, DirectUploadCalls, Entity, Field, FileVersion, FsEntity, OnConflict, SearchPage, Session, Share, ShareOptions,
  SharedInfo, TokenScope, TrashItem, TwoFactorEnrollment, User,
} from './types';
import { entityOf } from './types';

interface UserBody {
  user: User;
}

export const accounts = {
  register: (user_name: string, user_email: string, password: string) =>
    post('/api/user-service/register', { user_name, user_email, password }),
  // The answer also carries access_token for Bearer clients; this client relies on the cookie alone. With two-factor
  // sign-in on, it is a 403 whose body holds second_factor_token, for loginSecondFactor.
  login: async (user_email: string, password: string) =>
    (await post<UserBody>('/api/user-service/login', { user_email, password })).user,
  loginSecondFactor: async (second_factor_token: string, second: { code: string } | { recovery_code: string }) =>
    (await post<UserBody>('/api/user-service/login-second-factor', { second_factor_token, ...second })).user,
  logout: () => post('/api/user-service/logout'),
  revokeSessions: () => post('/api/user-service/revoke-sessions'),
  sessions: async () => (await get<{ sessions: Session[] }>('/api/user-service/list-sessions')).sessions,
  revokeSession: (session_id: string) => post('/api/user-service/revoke-session', { session_id }),
  currentUser: async () => (await get<UserBody>('/api/user-service/get-current-user')).user,
  usage: () => get<{ current_bytes: number; versions_bytes: number; trash_bytes: number }>('/api/user-service/get-usage'),
  setAvatar: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return post('/api/user-service/set-user-img', form);
  },
  avatarUrl: (version: number) => `/api/user-service/get-user-img?v=${version}`,
  // Answers with a new session (cookie) for this browser; every other one ends.
  changePassword: async (current_password: string, new_password: string) =>
    (await post<UserBody>('/api/user-service/change-password', { current_password, new_password })).user,
  requestPasswordReset: (user_email: string) => post('/api/user-service/request-password-reset', { user_email }),
  resetPassword: (token: string, new_password: string) => post('/api/user-service/reset-password', { token, new_password }),
  verifyEmail: (token: string) => post('/api/user-service/verify-email', { token }),
  resendVerification: () => post('/api/user-service/resend-verification-email'),
  deleteAccount: (password: string) => post('/api/user-service/delete-account', { password }),
};

/** Two-factor sign-in: a TOTP secret enrolled, then confirmed with a code; recovery codes are shown once. */
export const twoFactor = {
  enroll: (password: string) => post<TwoFactorEnrollment>('/api/user-service/enroll-two-factor', { password }),
  confirm: async (code: string) =>
    (await post<{ recovery_codes: string[] }>('/api/user-service/confirm-two-factor', { code })).recovery_codes,
  disable: (password: string, second: { code: string } | { recovery_code: string }) =>
    post('/api/user-service/disable-two-factor', { password, ...second }),
  regenerateRecoveryCodes: async (password: string, code: string) =>
    (await post<{ recovery_codes: string[] }>('/api/user-service/regenerate-recovery-codes', { password, code })).recovery_codes,
};

/** Personal access tokens, for scripts (Authorization: Bearer tc_pat_…); the secret is shown once, at creation. */
export const accessTokens = {
  create: (name: string, scopes: TokenScope[], expires_in_days: number, password: string) =>
    post<{ token: string; access_token: AccessToken }>('/api/user-service/create-access-token', { name, scopes, expires_in_days, password }),
  list: async () => (await get<{ access_tokens: AccessToken[] }>('/api/user-service/list-access-tokens')).access_tokens,
  revoke: (id: string) => post('/api/user-service/revoke-access-token', { id }),
};

export const drive = {
  search: (query: string, file_field: Field | null, cursor: string | null) =>
    post<SearchPage>('/api/fs-watching-service/search', { query, file_field, cursor, limit: 50 }),
  layer: async (file_field: Field, abs_path_to_layer: string) =>
    (await post<{ fs_layer: Entity[] }>('/api/fs-watching-service/get-fs-layer', { abs_path_to_layer, file_field })).fs_layer,
  createFolder: (file_field: Field, abs_path: string, name: string) =>
    post('/api/fs-service/create-folder', { fs_entity: { name, abs_path, base_type: 'folder' }, file_field }),
  rename: (file_field: Field, entity: FsEntity, new_name: string) =>
    post('/api/fs-service/rename-entity', { fs_entity: entityOf(entity), file_field, new_name }),
  move: (file_field: Field, entity: FsEntity, new_abs_path: string, new_file_field: Field) =>
    post('/api/fs-service/move-entity', { fs_entity: entityOf(entity), file_field, new_abs_path, new_file_field }),
  remove: (file_field: Field, entity: FsEntity) =>
    post('/api/fs-service/delete-entity', { fs_entity: entityOf(entity), file_field }),
  copy: (file_field: Field, entity: FsEntity, new_abs_path: string, new_file_field: Field) =>
    post('/api/fs-service/copy-entity', { fs_entity: entityOf(entity), file_field, new_abs_path, new_file_field }),
  versions: async (file_field: Field, entity: FsEntity) =>
    (await post<{ fs_entity: Entity; versions: FileVersion[] }>('/api/fs-service/list-versions', { fs_entity: entityOf(entity), file_field })),
  restoreVersion: (file_field: Field, entity: FsEntity, version_id: string) =>
    post('/api/fs-service/restore-version', { fs_entity: entityOf(entity), file_field, version_id }),
  deleteVersion: (file_field: Field, entity: FsEntity, version_id: string) =>
    post('/api/fs-service/delete-version', { fs_entity: entityOf(entity), file_field, version_id }),
  /** A GET that redirects to a short-lived read-only Blob Storage URL: the bytes skip the function (a kept version with version_id). */
  downloadUrl: (file_field: Field, abs_path: string, version_id?: string) =>
    `/api/download-service/download-redirect?${new URLSearchParams({ abs_path, file_field, ...(version_id ? { version_id } : {}) })}`,
  /** A same-origin GET that streams the file, so a plain download link works without buffering it. */
  fileUrl: (file_field: Field, abs_path: string) =>
    `/api/utils-service/download-img-via-get-route?${new URLSearchParams({ abs_path, file_field })}`,
  folderZip: (file_field: Field, entity: FsEntity) =>
    postForBlob('/api/download-service/download-folder', { fs_entity: entityOf(entity), file_field }),
  beginUpload: (file_field: Field, entity: FsEntity, size_bytes: number, mime_type: string, on_conflict?: OnConflict) =>
    post<BegunUpload>('/api/fs-service/begin-upload', { fs_entity: entity, file_field, size_bytes, mime_type: mime_type || undefined, on_conflict }),
  completeUpload: (upload_id: string) => post<{ fs_entity: Entity }>('/api/fs-service/complete-upload', { upload_id }),
  abortUpload: (upload_id: string) => post('/api/fs-service/abort-upload', { upload_id }),
  directUpload: (file_field: Field, entity: FsEntity, on_conflict?: OnConflict): DirectUploadCalls => ({
    begin: (size, type) => drive.beginUpload(file_field, entity, size, type, on_conflict),
    complete: (id) => drive.completeUpload(id),
    abort: (id) => drive.abortUpload(id),
  }),
};

export const sharing = {
  share: async (file_field: Field, entity: FsEntity, options: ShareOptions = {}) =>
    (await post<{ hashed_link: string }>('/api/shared-service/make-shared', {
      fs_entity: entityOf(entity),
      file_field,
      ...options,
    })).hashed_link,
  setPassword: (file_field: Field, entity: FsEntity, password: string | null) =>
    post('/api/shared-service/set-link-password', { fs_entity: entityOf(entity), file_field, password }),
  unshare: (file_field: Field, entity: FsEntity) =>
    post('/api/shared-service/make-unshared', { fs_entity: entityOf(entity), file_field }),
  remind: async (file_field: Field, entity: FsEntity) =>
    (await post<{ hashed_link: string }>('/api/shared-service/remind-hashed-link', { fs_entity: entityOf(entity), file_field }))
      .hashed_link,
  list: async () => (await get<{ shared: Share[] }>('/api/shared-service/list-shared')).shared,
  info: (userName: string, link: string) => get<SharedInfo>(publicApiPath(userName, link)),
  fileUrl: (userName: string, link: string) => `${publicApiPath(userName, link)}/file`,
  /** Trades the password for a grant cookie scoped to this link's paths (the password never goes in a URL). */
  unlock: (userName: string, link: string, password: string) => post(`${publicApiPath(userName, link)}/unlock`, { password }),
  uploadUrl: (userName: string, link: string) => `${publicApiPath(userName, link)}/upload`,
  /** A visitor's direct upload through an upload-only link, for files above the streamed limit. */
  directUpload: (userName: string, link: string, name: string): DirectUploadCalls => ({
    begin: (size_bytes, mime_type) =>
      post<BegunUpload>(`${publicApiPath(userName, link)}/begin-upload`, { name, size_bytes, mime_type: mime_type || undefined }),
    complete: (upload_id) => post(`${publicApiPath(userName, link)}/complete-upload`, { upload_id }),
    abort: (upload_id) => post(`${publicApiPath(userName, link)}/abort-upload`, { upload_id }),
  }),
  /** The page a person opens: this client's public view of the link. */
  pageUrl: (userName: string, link: string) =>
    `${location.origin}/client/s/${encodeURIComponent(userName)}/${encodeURIComponent(link)}`,
};

function publicApiPath(userName: string, link: string): string {
  return `/shared/${encodeURIComponent(userName)}/${encodeURIComponent(link)}`;
}

/** The trash: delete moves an entry here; it can be restored, or deleted for good (which frees its quota). */
export const trash = {
  moveToTrash: (file_field: Field, entity: FsEntity) =>
    post<{ item: TrashItem }>('/api/trash-service/trash-entity', { fs_entity: entityOf(entity), file_field }),
  /** One page, newest first; next_before (null on the last page) asks for the page after it. */
  list: (before: string | null) =>
    post<{ items: TrashItem[]; next_before: string | null }>('/api/trash-service/list-trash', { limit: 50, before }),
  restore: (id: string, new_name?: string) =>
    post<{ fs_entity: Entity; file_field: Field }>('/api/trash-service/restore-entity', { id, new_name }),
  deleteForever: (id: string) => post('/api/trash-service/delete-forever', { id }),
  empty: () => post<{ deleted_entries: number; freed_bytes: number }>('/api/trash-service/empty-trash'),
};
