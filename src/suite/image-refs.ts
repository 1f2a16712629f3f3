import { resolve } from "node:path";
import { EvalgateError, lookupModel, type SourceLocation } from "../core/index.js";
import type { RawCase } from "./dataset.js";
import { readImageFile } from "./image-file.js";
import type { PathPolicy } from "./path-policy.js";
import type { FileTexts } from "./resolve-files.js";
import type { Path } from "./source.js";
import { caseLabel, hasTemplate, renderTemplate } from "./template.js";
import type { LoadedImage, SuiteContent, SuitePrompt, SuiteTarget } from "./types.js";

const FILE = "file://";

/** An image reference of a prompt and where it is written. */
interface ImageSite {
  ref: string;
  path: Path;
}

/** Every image part of the prompts (input and user messages), with its suite path. */
function imageSites(prompts: readonly SuitePrompt[]): ImageSite[] {
  const sites: ImageSite[] = [];
  const add = (content: SuiteContent | null | undefined, path: Path) => {
    if (typeof content !== "object" || content === null) return;
    content.forEach((part, k) => {
      if (part.type === "image") sites.push({ ref: part.image, path: [...path, k, "image"] });
    });
  };
  prompts.forEach((p, i) => {
    add(p.input, ["prompts", i, "input"]);
    p.messages?.forEach((m, j) => add(m.role === "user" ? m.content : null, ["prompts", i, "messages", j, "content"]));
  });
  return sites;
}

/**
 * Loads every local image the prompts name, for every case (a reference may be a template:
 * `file://img/{{receipt}}`), each distinct file once, keyed by its rendered reference; checks
 * that every other reference is an https:// URL. Runs after the template checks, so each
 * template renders. Each image's hash joins the suite's files, so changing an image changes
 * the suite hash.
 */
export function loadSuiteImages(
  prompts: readonly SuitePrompt[],
  cases: readonly RawCase[],
  dir: string,
  locate: (p: Path) => SourceLocation,
  policy: PathPolicy,
  files: FileTexts,
): Map<string, LoadedImage> {
  const images = new Map<string, LoadedImage>();
  const byPath = new Map<string, LoadedImage>();
  const load = (ref: string, at: SourceLocation, forCase: string) => {
    if (images.has(ref)) return;
    if (!ref.startsWith(FILE)) return checkUrl(ref, at, forCase);
    const path = resolve(dir, ref.slice(FILE.length));
    policy.check(path, at, "image file");
    let image = byPath.get(path);
    if (!image) {
      image = readImageFile(path, at, forCase);
      byPath.set(path, image);
      files.set(path, `image sha256:${image.source.sha256}`);
    }
    images.set(ref, image);
  };
  for (const site of imageSites(prompts)) {
    const at = locate(site.path);
    if (!hasTemplate(site.ref)) {
      load(site.ref, at, "");
      continue;
    }
    for (const c of cases) {
      const label = caseLabel(c.id, c.location);
      load(renderTemplate(site.ref, c.vars, { caseLabel: () => label }), at, ` for ${label}`);
    }
  }
  return images;
}

function checkUrl(ref: string, at: SourceLocation, forCase: string): void {
  if (ref.startsWith("https://") && URL.canParse(ref)) return;
  throw new EvalgateError("SUITE_INVALID", `image ${JSON.stringify(ref)}${forCase} is neither file://PATH nor an https:// URL`, {
    location: at,
    hint: "write `image: file://img/receipt.png` (relative to the suite) or `image: https://…`",
  });
}

/** A target whose catalog model takes no images cannot be sent a prompt that has some: the API would refuse every call. */
export function checkVisionTargets(prompts: readonly SuitePrompt[], targets: readonly SuiteTarget[], locateModel: (i: number) => SourceLocation): void {
  const withImages = prompts.find((p) => imageSites([p]).length > 0);
  if (!withImages) return;
  targets.forEach((t, i) => {
    const info = lookupModel(t.model);
    if (info && info.vision === null) {
      throw new EvalgateError("SUITE_INVALID", `target ${t.id}: ${t.model} takes no images, and prompt \`${withImages.id}\` sends some`, {
        location: locateModel(i),
        hint: "choose a model that accepts images (docs/simulator.md \"Images\" lists them), or drop the image parts",
      });
    }
  });
}
