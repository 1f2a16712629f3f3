import { notFoundObject } from "./batch-errors.js";

export type FilePurpose = "batch" | "batch_output";

export interface StoredFile {
  id: string;
  filename: string;
  purpose: FilePurpose;
  bytes: Buffer;
  createdAtMs: number;
}

/** How much the simulator keeps: the oldest files go first past either bound. */
export interface FileStoreLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_FILE_LIMITS: FileStoreLimits = { maxFiles: 1_000, maxBytes: 512 * 1024 * 1024 };

/**
 * The simulator's `/v1/files`, in memory and bounded (docs/simulator.md "Batches"): past
 * `maxFiles` or `maxBytes` the oldest files are forgotten, as a long-running standalone
 * simulator must not grow without end. Insertion order is age order (a Map keeps it).
 */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private bytes = 0;
  private made = 0;

  constructor(private readonly limits: FileStoreLimits = DEFAULT_FILE_LIMITS) {}

  add(filename: string, purpose: FilePurpose, bytes: Buffer, nowMs: number): StoredFile {
    const file: StoredFile = { id: `file-${(++this.made).toString(36).padStart(6, "0")}${nowMs.toString(36)}`, filename, purpose, bytes, createdAtMs: nowMs };
    this.files.set(file.id, file);
    this.bytes += bytes.length;
    for (const old of this.files.values()) {
      if (this.files.size <= this.limits.maxFiles && this.bytes <= this.limits.maxBytes) break;
      if (old.id === file.id) break;
      this.delete(old.id);
    }
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** The file, or the API's 404. */
  require(id: string): StoredFile {
    const file = this.files.get(id);
    if (!file) throw notFoundObject("file", id);
    return file;
  }

  delete(id: string): boolean {
    const file = this.files.get(id);
    if (!file) return false;
    this.files.delete(id);
    this.bytes -= file.bytes.length;
    return true;
  }
}

/** The `File` object of the spec (OpenAIFile). */
export function fileObject(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: "file",
    bytes: file.bytes.length,
    created_at: Math.floor(file.createdAtMs / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: "processed",
  };
}
