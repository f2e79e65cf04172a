import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyPlan } from '@/shared/tenant/apply';
import { TenantError } from '@/shared/tenant/errors';
import { fileMap, unzipExport, type TenantFiles } from '@/shared/tenant/files';
import {
  parseKeywords,
  parseTenant,
  type TenantAssets,
  type TenantTerms,
} from '@/shared/tenant/parse';
import { makePlan, type Plan } from '@/shared/tenant/plan';
import { readRemote } from '@/shared/tenant/remote';
import { api } from '@/web/lib/api';

/** The console's words in the shared import messages. */
const consoleTerms: TenantTerms = {
  keywordsFile: 'the keyword mappings file',
  allowDelete: '“Allow deletions”',
};

export interface ImportInput {
  /** A .zip of a Deploy CLI export, or a tenant.yaml. */
  upload: File;
  /** JSON (or YAML) mappings for @@KEY@@ / ##KEY##. */
  keywords: File | null;
  allowDelete: boolean;
}

export interface ImportPreview {
  plan: Plan;
  format: TenantAssets['format'];
  /** The uploaded file's name. */
  source: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** An upload as export files: a zip unpacked in the browser, or a tenant.yaml on its own. */
async function readUpload(upload: File): Promise<{ files: TenantFiles; entry?: string }> {
  const bytes = new Uint8Array(await upload.arrayBuffer());
  if (/\.zip$/i.test(upload.name) || ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    return { files: fileMap(unzipExport(bytes, upload.name)) };
  }
  if (/\.ya?ml$/i.test(upload.name)) {
    return {
      files: fileMap(new Map([[upload.name, new TextDecoder().decode(bytes)]])),
      entry: upload.name,
    };
  }
  throw new TenantError(`${upload.name}: choose a .zip of a Deploy CLI export or a tenant.yaml`);
}

/** Reads the upload and the server and makes the plan; nothing changes. */
async function previewImport({
  upload,
  keywords,
  allowDelete,
}: ImportInput): Promise<ImportPreview> {
  const mappings = keywords ? parseKeywords(await keywords.text(), keywords.name) : {};
  const { files, entry } = await readUpload(upload);
  const assets = parseTenant(files, {
    keywords: mappings,
    terms: consoleTerms,
    name: upload.name,
    entry,
  });
  const remote = await readRemote(api, { hooksSecrets: assets.hooks !== null });
  return {
    plan: makePlan(assets, remote, { allowDelete, terms: consoleTerms }),
    format: assets.format,
    source: upload.name,
  };
}

/** The plan, shown on the page with its errors (no toast). */
export function usePreviewImport() {
  return useMutation({ mutationFn: previewImport, meta: { silentError: true } });
}

/**
 * Runs the plan's steps; a failure part-way is a result (what ran, what failed), not an error.
 * An import touches APIs, applications, grants and hooks alike, so every cached list is stale.
 */
export function useApplyImport() {
  const qc = useQueryClient();
  return useMutation({
    // The plan's dangerous steps were confirmed in the Apply dialog (the person typed it).
    mutationFn: (plan: Plan) => applyPlan(plan, api, { allowDangerous: true }),
    meta: { silentError: true },
    onSettled: () => qc.invalidateQueries(),
  });
}
