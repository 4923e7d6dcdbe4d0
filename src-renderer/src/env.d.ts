/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { PreloadApi } from '@shared/api';

declare global {
  interface Window {
    /** Present only in the desktop app, exposed by the preload. */
    api?: PreloadApi;
  }
}
