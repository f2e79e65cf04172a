import type { Services } from './services';

/** What `createApp` and every route module are built from. */
export interface AppDeps extends Services {
  /** Folder of the built console; when absent, only the APIs are served. */
  webRoot?: string;
  /** Where unexpected errors go; never given secrets. */
  logError?: (err: unknown) => void;
}
