/**
 * Module hooks that print every file a process loads, one `import-log URL` line on stderr
 * (tests/cli/start-up.test.ts). Registered with `node --import` before the CLI starts.
 */
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith("file:")) process.stderr.write(`import-log ${resolved.url}\n`);
  return resolved;
}
