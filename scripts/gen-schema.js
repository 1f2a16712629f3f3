#!/usr/bin/env node
// Writes schema/suite.schema.json from the suite's zod schema (src/core/suite-schema.ts),
// with every registered grader family spelled out, and schema/rollout.schema.json from the
// rollout artifact's (src/rollout/artifact-schema.ts). Run `npm run schema` after changing
// the suite format, a grader family's options or the artifact; a test fails when a file is stale.
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import "../dist/graders/index.js";
import { suiteJsonSchemaText } from "../dist/core/index.js";
import { rolloutJsonSchemaText } from "../dist/rollout/artifact-schema.js";

const folder = resolve(dirname(fileURLToPath(import.meta.url)), "../schema");
for (const [name, text] of [["suite.schema.json", suiteJsonSchemaText()], ["rollout.schema.json", rolloutJsonSchemaText()]]) {
  const out = resolve(folder, name);
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
