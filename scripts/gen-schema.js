#!/usr/bin/env node
// Writes schema/suite.schema.json from the suite's zod schema (src/core/suite-schema.ts),
// with every registered grader family spelled out. Run `npm run schema` after changing
// the suite format or a grader family's options; a test fails when the file is stale.
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import "../dist/graders/index.js";
import { suiteJsonSchemaText } from "../dist/core/index.js";

const out = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/suite.schema.json");
writeFileSync(out, suiteJsonSchemaText());
console.log(`wrote ${out}`);
