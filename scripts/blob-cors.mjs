// Direct uploads send blocks from the page straight to Blob Storage, another origin, so the storage account needs a
// CORS rule for the app's origin, as a deployment must set one on its storage account. Here: Set Blob Service
// Properties on Azurite, signed with its well-known Shared Key. It replaces the service's rules: one rule per origin.
import { createHmac } from 'node:crypto';

export async function allowOrigins(blobEndpoint, accountKey, origins) {
  const rules = origins.map((origin) => '<CorsRule>' +
    `<AllowedOrigins>${origin}</AllowedOrigins><AllowedMethods>GET,PUT,HEAD,OPTIONS</AllowedMethods>` +
    '<AllowedHeaders>*</AllowedHeaders><ExposedHeaders>*</ExposedHeaders><MaxAgeInSeconds>600</MaxAgeInSeconds></CorsRule>');
  const body = `<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Cors>${rules.join('')}</Cors></StorageServiceProperties>`;
  const url = new URL(`${blobEndpoint}/?restype=service&comp=properties`);
  const account = url.pathname.split('/')[1];
  const headers = {
    'Content-Type': 'application/xml',
    'Content-Length': String(Buffer.byteLength(body)),
    'x-ms-date': new Date().toUTCString(),
    'x-ms-version': '2025-11-05',
  };
  const stringToSign = ['PUT', '', '', headers['Content-Length'], '', headers['Content-Type'], '', '', '', '', '', '',
    `x-ms-date:${headers['x-ms-date']}\nx-ms-version:${headers['x-ms-version']}`,
    `/${account}${url.pathname}\ncomp:properties\nrestype:service`].join('\n');
  const signature = createHmac('sha256', Buffer.from(accountKey, 'base64')).update(stringToSign, 'utf8').digest('base64');
  const response = await fetch(url, { method: 'PUT', headers: { ...headers, Authorization: `SharedKey ${account}:${signature}` }, body });
  if (!response.ok) throw new Error(`Setting CORS on blob storage failed: ${response.status} ${await response.text()}`);
}
