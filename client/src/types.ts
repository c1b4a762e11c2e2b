// The API's JSON shapes in their full (v2) form, as far as the client uses them; docs/API.md has every route's.

export const fields = ['mere', 'special', 'temporary'] as const;
export type Field = (typeof fields)[number];
export type BaseType = 'file' | 'folder';

export interface FsEntity {
  name: string;
  abs_path: string;
  base_type: BaseType;
}

export interface Entity extends FsEntity {
  shared: boolean;
  size_in_mb: number | null; // null for folders, as in the original API
  size_bytes: number;
  mime_type: string | null;
  created_at: string;
  modified_at: string;
  sha256?: string | null; // files: the bytes' SHA-256 (hex), computed by the server
  version_id?: string | null; // files: the current content's id
}

/** One earlier content of a file (list-versions). */
export interface FileVersion {
  version_id: string;
  size_bytes: number;
  sha256: string | null;
  mime_type: string | null;
  modified_at: string;
  versioned_at: string;
}

/** What an upload does when its name is taken: refuse (409), take a free name, or replace the file's content. */
export type OnConflict = 'fail' | 'rename' | 'replace';

/** One search match (search): an entity with the field it is in. */
export interface SearchMatch extends Entity {
  file_field: Field;
}

export interface SearchPage {
  matches: SearchMatch[];
  next_cursor: string | null;
}

/** One login of the user (list-sessions). */
export interface Session {
  session_id: string;
  device: string;
  created_at: string;
  last_used_at: string;
  current: boolean;
}

export interface User {
  verified: boolean;
  user_id: number;
  user_name: string;
  user_email: string;
  used_space: number;
  available_space: number; // the quota in MB, as in the original API (available_bytes is what is left)
  quota_bytes: number;
  used_bytes: number;
  available_bytes: number;
  email_verified: boolean; // the mailed link was opened (verified is the admin's flag)
  two_factor_enabled: boolean; // a login asks for a code from an authenticator app
}

export const tokenScopes = ['files:read', 'files:write', 'shares:write'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** A personal access token as listed: never its secret. */
export interface AccessToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
}

export interface TwoFactorEnrollment {
  secret: string;
  otpauth_uri: string;
  qr_code: string; // a PNG data URI
}

export interface Share {
  hashed_link: string;
  file_field: Field;
  fs_entity: Entity;
  created_at: string;
  expires_at: string | null;
  downloads?: number;
  max_downloads?: number | null;
  last_download_at?: string | null;
  password_protected?: boolean;
  upload_only?: boolean;
  /** Files uploaded through an upload-only link (null for other links). */
  uploads?: number | null;
  max_files?: number | null;
  max_file_bytes?: number | null;
  last_upload_at?: string | null;
}

/** make-shared's options beyond the entity. */
export interface ShareOptions {
  expires_in_hours?: number;
  password?: string;
  upload_only?: boolean;
  max_files?: number;
  max_file_bytes?: number;
}

/** A link's public info: only password_required until a protected link is unlocked. */
export interface SharedInfo {
  name?: string;
  base_type?: BaseType;
  password_required?: boolean;
  upload_only?: boolean;
  max_file_bytes?: number;
  max_files?: number;
  files_left?: number;
  size_in_mb?: number;
  size_bytes?: number;
  mime_type?: string | null;
  expires_at?: string | null;
}

export interface BegunUpload {
  upload_id: string;
  upload_url: string;
  expires_at?: string;
}

/** The three calls of a direct upload: the owner's own, or an upload-only link's. */
export interface DirectUploadCalls {
  begin: (sizeBytes: number, mimeType: string) => Promise<BegunUpload>;
  complete: (uploadId: string) => Promise<unknown>;
  abort: (uploadId: string) => Promise<unknown>;
}

export function entityOf(entity: FsEntity): FsEntity {
  return { name: entity.name, abs_path: entity.abs_path, base_type: entity.base_type };
}

export function isField(value: string | null): value is Field {
  return (fields as readonly string[]).includes(value ?? '');
}

/** An entry in the trash (list-trash): where it was, what it holds, when it is purged. */
export interface TrashItem {
  id: string;
  name: string;
  base_type: BaseType;
  file_field: Field;
  original_path: string;
  size_bytes: number;
  deleted_at: string;
  purge_at: string;
}
