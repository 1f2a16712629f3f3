import { exportRunFile, resolveRunArg } from "../../usecases/run-files.js";
import { openStoreForRefs, withStore } from "../../usecases/stores.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";

export interface ExportFlags {
  out?: string;
  db?: string;
  raw?: boolean;
}

/** `evalgate export RUNREF`: the library's exportRunFile, written to --out (atomically) or stdout. */
export async function exportAction(ref: string, flags: ExportFlags): Promise<void> {
  checkOutputPaths(flags);
  const store = await openStoreForRefs(flags.db, [ref]);
  await withStore(store, async () => {
    const file = await exportRunFile(store, await resolveRunArg(store, ref), { includeRaw: flags.raw === true });
    const text = `${JSON.stringify(file)}\n`;
    if (flags.out) {
      writeFileAtomic(flags.out, text);
      process.stderr.write(`exported ${file.run.id} (${file.attempts.length} attempts, ${file.comparisons.length} comparisons) to ${flags.out}\n`);
    } else process.stdout.write(text);
  });
}
