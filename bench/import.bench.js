// `evalgate import` streams (issue 18): 50,000 logged exchanges (scripts/make-traffic.js)
// imported with a stratified sample of 2,000, as a process under GNU time. Two streaming
// passes hold only the distinct requests' keys, so peak RSS stays flat as logs grow: the
// target is ≤ 300 MB. Prints the rate (exchanges per second, wall) and the peak RSS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalgateBin, mark, requireGnuTime, root, timeProcess } from "./lib/processes.js";

const LINES = Number(process.env.IMPORT_LINES ?? 50_000);
const RSS_LIMIT_MB = 300;

requireGnuTime();
const dir = mkdtempSync(join(tmpdir(), "evalgate-import-bench-"));
try {
  const log = join(dir, "traffic.jsonl");
  const made = spawnSync(process.execPath, [join(root, "scripts/make-traffic.js"), "--lines", String(LINES), "--out", log, "--plant-secrets"], { stdio: "inherit" });
  if (made.status !== 0) throw new Error("make-traffic failed");
  const args = [evalgateBin, "import", log, "--sample", "2000", "--stratify-by", "metadata.route", "--out", join(dir, "out"), "--name", "bench"];
  const r = await timeProcess("import", args, { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, timeFile: join(dir, "time.txt") });
  if (r.code !== 0) throw new Error(`evalgate import exited ${r.code}`);
  const mb = statSync(log).size / 1024 / 1024;
  console.log(`import: ${LINES.toLocaleString("en-US")} logged exchanges (${mb.toFixed(1)} MB), sample 2,000 by route`);
  console.log(`  wall ${r.wallS.toFixed(2)} s · CPU ${r.cpuS.toFixed(2)} s · ${Math.round(LINES / r.wallS).toLocaleString("en-US")} exchanges/s (${(mb / r.wallS).toFixed(1)} MB/s)`);
  console.log(`  peak RSS ${r.rssMb.toFixed(0)} MB (target ≤ ${RSS_LIMIT_MB} MB) ${mark(r.rssMb <= RSS_LIMIT_MB)}`);
  if (r.rssMb > RSS_LIMIT_MB) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
