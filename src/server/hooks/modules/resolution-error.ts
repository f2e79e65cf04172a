/** A hook's modules cannot be resolved, downloaded, verified or loaded; the message says which and why (a 400 on save). */
export class ModuleResolutionError extends Error {
  override name = 'ModuleResolutionError';
}
