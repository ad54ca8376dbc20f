import { ApiError, apiErrorOf } from './api-error.js';
import { writeHeaders } from './client.js';

/**
 * PUTs a file's raw bytes (XMLHttpRequest, because fetch reports no upload progress);
 * `onProgress` receives the fraction sent, 0 to 1.
 */
export function uploadFile(url: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(writeHeaders('PUT'))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      reject(apiErrorOf(xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'The upload did not reach the server.'));
    xhr.send(file);
  });
}
