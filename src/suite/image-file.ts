import { openSync, readSync, closeSync, fstatSync } from "node:fs";
import { EvalgateError, imageDataUrl, sha256, sniffImage, type SourceLocation } from "../core/index.js";
import { displayPath } from "./source.js";
import type { LoadedImage } from "./types.js";

/** The API takes images of at most 20 MB each (OpenAI's vision guide, "Image input requirements"). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/**
 * Reads a local image a suite names: one of PNG, JPEG, GIF or WebP by its magic bytes (the
 * extension is not trusted), at most MAX_IMAGE_BYTES, with its pixel size and content hash.
 * Every failure is a load error at the reference (exit 2), before anything is sent or stored.
 */
export function readImageFile(path: string, at: SourceLocation, forCase = ""): LoadedImage {
  const shown = displayPath(path);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new EvalgateError("FILE_NOT_FOUND", `image file not found: ${shown}${forCase}`, { location: at, hint: "paths are relative to the suite file's folder" });
    }
    throw unreadable(shown, forCase, at, error);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_IMAGE_BYTES) {
      throw new EvalgateError("SUITE_INVALID", `image ${shown}${forCase} is ${size.toLocaleString("en-US")} bytes, over the ${MAX_IMAGE_BYTES / 1024 / 1024} MiB the API takes per image`, {
        location: at,
        hint: "scale the image down or compress it",
      });
    }
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const info = sniffImage(bytes.subarray(0, read));
    if (!info) {
      throw new EvalgateError("SUITE_INVALID", `image ${shown}${forCase} is not a PNG, JPEG, GIF or WebP image (it starts with ${hexHead(bytes.subarray(0, read))})`, {
        location: at,
        hint: "the API takes PNG, JPEG, GIF and WebP images; convert the file to one of them",
      });
    }
    const content = bytes.subarray(0, read);
    return { source: { sha256: sha256(content), mediaType: info.mediaType, width: info.width, height: info.height, bytes: read }, dataUrl: imageDataUrl(info.mediaType, content) };
  } catch (error) {
    if (error instanceof EvalgateError) throw error;
    throw unreadable(shown, forCase, at, error);
  } finally {
    closeSync(fd);
  }
}

function unreadable(shown: string, forCase: string, at: SourceLocation, error: unknown): EvalgateError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new EvalgateError("SUITE_INVALID", `image ${shown}${forCase} cannot be read (${reason})`, { location: at, hint: "check the file's permissions", cause: error });
}

function hexHead(bytes: Uint8Array): string {
  if (bytes.length === 0) return "nothing: the file is empty";
  return [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
