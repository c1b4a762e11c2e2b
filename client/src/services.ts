// One function per API route the client uses.
import { get, post, postForBlob } from './api';
import type { BegunUpload, Entity, Field, FsEntity, SearchPage, Session, Share, SharedInfo, User } from './types';
import { entityOf } from './types';

interface UserBody {
  user: User;
}

export const accounts = {
  register: (user_name: string, user_email: string, password: string) =>
    post('/api/user-service/register', { user_name, user_email, password }),
  // The answer also carries access_token for Bearer clients; this client relies on the cookie alone.
  login: async (user_email: string, password: string) =>
    (await post<UserBody>('/api/user-service/login', { user_email, password })).user,
  logout: () => post('/api/user-service/logout'),
  revokeSessions: () => post('/api/user-service/revoke-sessions'),
  sessions: async () => (await get<{ sessions: Session[] }>('/api/user-service/list-sessions')).sessions,
  revokeSession: (session_id: string) => post('/api/user-service/revoke-session', { session_id }),
  currentUser: async () => (await get<UserBody>('/api/user-service/get-current-user')).user,
  setAvatar: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return post('/api/user-service/set-user-img', form);
  },
  avatarUrl: (version: number) => `/api/user-service/get-user-img?v=${version}`,
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
  /** A same-origin GET that streams the file, so a plain download link works without buffering it. */
  fileUrl: (file_field: Field, abs_path: string) =>
    `/api/utils-service/download-img-via-get-route?${new URLSearchParams({ abs_path, file_field })}`,
  folderZip: (file_field: Field, entity: FsEntity) =>
    postForBlob('/api/download-service/download-folder', { fs_entity: entityOf(entity), file_field }),
  beginUpload: (file_field: Field, entity: FsEntity, size_bytes: number, mime_type: string) =>
    post<BegunUpload>('/api/fs-service/begin-upload', { fs_entity: entity, file_field, size_bytes, mime_type: mime_type || undefined }),
  completeUpload: (upload_id: string) => post<{ fs_entity: Entity }>('/api/fs-service/complete-upload', { upload_id }),
  abortUpload: (upload_id: string) => post('/api/fs-service/abort-upload', { upload_id }),
};

export const sharing = {
  share: async (file_field: Field, entity: FsEntity, expires_in_hours?: number) =>
    (await post<{ hashed_link: string }>('/api/shared-service/make-shared', {
      fs_entity: entityOf(entity),
      file_field,
      expires_in_hours,
    })).hashed_link,
  unshare: (file_field: Field, entity: FsEntity) =>
    post('/api/shared-service/make-unshared', { fs_entity: entityOf(entity), file_field }),
  remind: async (file_field: Field, entity: FsEntity) =>
    (await post<{ hashed_link: string }>('/api/shared-service/remind-hashed-link', { fs_entity: entityOf(entity), file_field }))
      .hashed_link,
  list: async () => (await get<{ shared: Share[] }>('/api/shared-service/list-shared')).shared,
  info: (userName: string, link: string) => get<SharedInfo>(publicApiPath(userName, link)),
  fileUrl: (userName: string, link: string) => `${publicApiPath(userName, link)}/file`,
  /** The page a person opens: this client's public view of the link. */
  pageUrl: (userName: string, link: string) =>
    `${location.origin}/client/s/${encodeURIComponent(userName)}/${encodeURIComponent(link)}`,
};

function publicApiPath(userName: string, link: string): string {
  return `/shared/${encodeURIComponent(userName)}/${encodeURIComponent(link)}`;
}
