import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../../package.json") as { version: string };

/** The evalgate version, read from package.json (stored on every run). */
export const EVALGATE_VERSION: string = pkg.version;
